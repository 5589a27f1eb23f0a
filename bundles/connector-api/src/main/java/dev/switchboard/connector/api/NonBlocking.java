package dev.switchboard.connector.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares that a provider's {@link ServiceOperationsProvider#invokeOperation invokeOperation} never blocks: it
 * returns a stage at once and does any waiting (I/O, locks, sleeps) elsewhere, for example with
 * {@code HttpClient.sendAsync} or on an executor of its own. The host may then call it on the caller's thread
 * instead of handing every call to its connector pool, which saves a thread hop (tens of microseconds) per call.
 * <p>
 * On a DS component: {@code @Component @NonBlocking public class MyConnector implements ServiceOperationsProvider};
 * without DS, register the service with the property {@value #PROPERTY} set to {@code true}. A provider that makes
 * this promise and then blocks on the caller's thread is moved back to the connector pool by the host (with a
 * warning in its log); the call that blocked still completes.
 *
 * @since 1.2.0
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface NonBlocking {

    /** The service property, as this annotation names it: {@code switchboard.invoke.non.blocking}. */
    String PROPERTY = "switchboard.invoke.non.blocking";

    /** Prefix of the property name. */
    String PREFIX_ = "switchboard.invoke.";

    /** {@code true}: the host may call {@code invokeOperation} on the caller's thread. */
    boolean value() default true;
}
