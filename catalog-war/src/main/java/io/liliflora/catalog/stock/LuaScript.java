package io.liliflora.catalog.stock;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script sent once and then called by its SHA; reloaded when Redis forgot it (restart). */
public final class LuaScript {

    private final String source;
    private volatile String sha;

    public LuaScript(String source) {
        this.source = source;
    }

    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        String known = sha;
        if (known != null) {
            try {
                return redis.evalsha(known, keys, args);
            } catch (JedisNoScriptException forgotten) {
                sha = null;
            }
        }
        Object result = redis.eval(source, keys, args);
        sha = sha1(source);
        return result;
    }

    private static String sha1(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
