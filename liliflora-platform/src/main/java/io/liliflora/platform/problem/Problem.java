package io.liliflora.platform.problem;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code type} is a stable URI whose last segment names the error
 * kind, so clients can switch on it without parsing prose.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors", "correlationId"})
public class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "/problems/";

    public record FieldError(String field, String message) {
    }

    private String type;
    private String title;
    private int status;
    private String detail;
    private String instance;
    private List<FieldError> errors;
    private String correlationId;

    public Problem() {
    }

    public Problem(String kind, String title, int status, String detail) {
        this.type = TYPE_BASE + kind;
        this.title = title;
        this.status = status;
        this.detail = detail;
    }

    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public int getStatus() { return status; }
    public void setStatus(int status) { this.status = status; }
    public String getDetail() { return detail; }
    public void setDetail(String detail) { this.detail = detail; }
    public String getInstance() { return instance; }
    public void setInstance(String instance) { this.instance = instance; }
    public List<FieldError> getErrors() { return errors; }
    public void setErrors(List<FieldError> errors) { this.errors = errors; }
    public String getCorrelationId() { return correlationId; }
    public void setCorrelationId(String correlationId) { this.correlationId = correlationId; }

    /** The last segment of {@link #type}: the error kind, e.g. {@code out-of-stock}. */
    public String kind() {
        return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
    }
}
