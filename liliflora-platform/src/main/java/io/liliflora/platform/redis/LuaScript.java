package io.liliflora.platform.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script called by its SHA (EVALSHA: the body crosses the wire once, not per call), sent
 * in full only when Redis does not know it (first use, or after a Redis restart).
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException forgotten) {
            return redis.eval(source, keys, args);
        }
    }

    /**
     * Queues the script in a pipeline. Its answer may be NOSCRIPT (Redis forgot it): then
     * {@link #answer} runs it once more on its own.
     */
    public Queued queue(AbstractPipeline pipeline, List<String> keys, List<String> args) {
        return new Queued(pipeline.evalsha(sha, keys, args), keys, args);
    }

    /** The answer of a queued call, after the pipeline's sync. */
    public Object answer(UnifiedJedis redis, Queued queued) {
        try {
            return queued.response.get();
        } catch (JedisNoScriptException forgotten) {
            return redis.eval(source, queued.keys, queued.args);
        }
    }

    /** A call waiting in a pipeline. */
    public record Queued(Response<Object> response, List<String> keys, List<String> args) {
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
