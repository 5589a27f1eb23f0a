package dev.switchboard.itests.faulty;

import static dev.switchboard.itests.faulty.Declarations.action;
import static dev.switchboard.itests.faulty.Declarations.json;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/** Providers whose metadata cannot be used: the host must list each as FAILED (or CONFLICT) with a reason. */
public final class BrokenProviders {

    private BrokenProviders() {}

    /** getOperations throws. */
    @Component(service = ServiceOperationsProvider.class)
    public static final class Throwing extends Declarations.WellDescribed {
        public Throwing() {
            super("throwing");
        }

        @Override
        public List<ServiceOperation> getOperations(boolean expandManifest) {
            throw new IllegalStateException("operation catalogue unavailable");
        }
    }

    /** getOperations returns null. */
    @Component(service = ServiceOperationsProvider.class)
    public static final class NullOperations extends Declarations.WellDescribed {
        public NullOperations() {
            super("nullops");
        }

        @Override
        public List<ServiceOperation> getOperations(boolean expandManifest) {
            return null;
        }
    }

    /** getService returns null, so the host cannot even tell its name. */
    @Component(service = ServiceOperationsProvider.class)
    public static final class NullService extends Declarations.WellDescribed {
        public NullService() {
            super("nullservice");
        }

        @Override
        public ServiceOperationApi getService() {
            return null;
        }
    }

    /** getOperations never returns (until interrupted). */
    @Component(service = ServiceOperationsProvider.class)
    public static final class Hanging extends Declarations.WellDescribed {
        public Hanging() {
            super("hanging");
        }

        @Override
        public List<ServiceOperation> getOperations(boolean expandManifest) {
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }
    }

    /** Two operations with the same id. */
    @Component(service = ServiceOperationsProvider.class)
    public static final class DuplicateOperations extends Declarations.WellDescribed {
        public DuplicateOperations() {
            super("duplicates");
        }

        @Override
        public List<ServiceOperation> getOperations(boolean expandManifest) {
            return List.of(action(getService(), "same"), action(getService(), "same"));
        }
    }

    /** An inputs schema that is not valid JSON Schema ("type" must name a JSON type). */
    @Component(service = ServiceOperationsProvider.class)
    public static final class InvalidSchema extends Declarations.WellDescribed {
        public InvalidSchema() {
            super("badschema");
        }

        @Override
        public List<ServiceOperation> getOperations(boolean expandManifest) {
            return List.of(ServiceOperation.builder(getService(), "query")
                    .inputs(json("{\"type\":\"object\",\"properties\":{\"limit\":{\"type\":\"integr\"}}}"))
                    .build());
        }
    }

    /** Registers connector id "twin" ... */
    @Component(service = ServiceOperationsProvider.class)
    public static final class TwinA extends Declarations.WellDescribed {
        public TwinA() {
            super("twin");
        }
    }

    /** ... and so does this one, with the same bundle version: one of the two is a CONFLICT. */
    @Component(service = ServiceOperationsProvider.class)
    public static final class TwinB extends Declarations.WellDescribed {
        public TwinB() {
            super("twin");
        }
    }
}
