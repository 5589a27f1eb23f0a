package dev.switchboard.host.internal.connections;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.switchboard.crypto.api.SecretCipher;

/**
 * ConfigAdmin in a map, delivering each change to a ManagedServiceFactory the way the interpolation plugin would:
 * {@code $[env:NAME]} and {@code $[secret:NAME]} resolved from maps, left as they are when unknown, then encrypted
 * values decrypted as the crypto bundle's plugin does.
 */
final class InMemoryConfigurations implements ConnectionConfigurations {

    /** Where {@link #references()} says secret files are looked for. */
    static final java.nio.file.Path HOME = java.nio.file.Paths.get("/srv/switchboard");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\[(env|secret):([^\\]]*)\\]");

    final Map<String, Map<String, Object>> stored = new TreeMap<>();
    final Map<String, String> env = new TreeMap<>();
    final Map<String, String> secrets = new TreeMap<>();
    final TestCipher cipher = new TestCipher();
    ConnectionDirectory target;
    /** How many times {@link #update} was called. */
    int updates;

    @Override
    public List<StoredConnection> list() {
        List<StoredConnection> list = new ArrayList<>();
        stored.forEach((pid, properties) -> list.add(new StoredConnection(pid, properties)));
        return list;
    }

    @Override
    public String create(String name, Map<String, Object> properties) {
        String pid = "dev.switchboard.connection~" + name;
        stored.put(pid, Map.copyOf(properties));
        deliver(pid);
        return pid;
    }

    @Override
    public void update(String pid, Map<String, Object> properties) {
        updates++;
        stored.put(pid, Map.copyOf(properties));
        deliver(pid);
    }

    @Override
    public boolean delete(String pid) {
        if (stored.remove(pid) == null) {
            return false;
        }
        if (target != null) {
            target.deleted(pid);
        }
        return true;
    }

    /** What the directory is told about references: this map's variables, a secret file per entry of secrets. */
    References references() {
        return new References(
                env::get,
                List.of(HOME.resolve("conf/secrets")),
                HOME,
                file -> secrets.containsKey(file.getFileName().toString()));
    }

    /** As if FileInstall had read {@code file} from the deploy folder. */
    void fromFile(String name, String file, Map<String, Object> properties) {
        Map<String, Object> withFile = new TreeMap<>(properties);
        withFile.put("felix.fileinstall.filename", "file:/home/deploy/" + file);
        String pid = "dev.switchboard.connection~" + name;
        stored.put(pid, withFile);
        deliver(pid);
    }

    void deliver(String pid) {
        if (target == null) {
            return;
        }
        Hashtable<String, Object> interpolated = new Hashtable<>();
        // the interpolation plugin (500), then the crypto bundle's decrypting plugin (600)
        stored.get(pid)
                .forEach((key, value) ->
                        interpolated.put(key, value instanceof String text ? decrypt(interpolate(text)) : value));
        interpolated.put("service.pid", pid);
        interpolated.put("service.factoryPid", "dev.switchboard.connection");
        target.updated(pid, interpolated);
    }

    private String decrypt(String text) {
        if (!SecretCipher.isEncrypted(text)) {
            return text;
        }
        try {
            return cipher.decrypt(text);
        } catch (IllegalArgumentException e) {
            return text; // left encrypted, as the plugin does
        }
    }

    private String interpolate(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = ("env".equals(m.group(1)) ? env : secrets).get(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
