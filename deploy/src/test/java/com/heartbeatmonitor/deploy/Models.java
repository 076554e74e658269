package com.heartbeatmonitor.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.util.Map;

/**
 * The Kubernetes objects of the manifests (all but the FlinkDeployment, which has the operator's model) read
 * into fabric8's models: generated from the Kubernetes API's OpenAPI schemas and, for {@code PodMonitor} and
 * {@code PrometheusRule}, from the Prometheus Operator's CRDs. Offline: the schemas arrive as Maven jars.
 *
 * <p>Read strictly. fabric8 keeps a field it does not declare in {@code additionalProperties} (an any-setter), so
 * a misspelled field would pass through unnoticed, and the API server would drop it (or reject it); this mapper
 * turns the any-setter off, so such a field fails with its name. A wrong type fails as well; an
 * {@code apiVersion} other than the model's (say {@code batch/v1beta1} for a CronJob) fails here too.
 */
final class Models {

    /** Every kind the overlays render besides the FlinkDeployment, with its model. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "ConfigMap", ConfigMap.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class,
            "Service", Service.class,
            "Job", Job.class,
            "CronJob", CronJob.class,
            "Deployment", Deployment.class,
            "PodMonitor", PodMonitor.class,
            "PrometheusRule", PrometheusRule.class);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                private static final long serialVersionUID = 1L;

                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Models() {}

    /** {@code manifest} in the model of its kind; throws {@link IllegalArgumentException} naming what is wrong. */
    static HasMetadata read(ObjectNode manifest) {
        String kind = manifest.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("no model for kind '" + kind + "': add it to Models.KINDS");
        }
        return read(manifest, type);
    }

    static <T extends HasMetadata> T read(ObjectNode manifest, Class<T> type) {
        // The core group has no name: its apiVersion is the version alone.
        String group = HasMetadata.getGroup(type);
        String expected = group == null || group.isEmpty()
                ? HasMetadata.getVersion(type)
                : group + "/" + HasMetadata.getVersion(type);
        String apiVersion = manifest.path("apiVersion").asText();
        if (!apiVersion.equals(expected)) {
            throw new IllegalArgumentException(
                    manifest.path("kind").asText() + " has apiVersion " + apiVersion + ", the model " + expected);
        }
        try {
            return STRICT.treeToValue(manifest, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    manifest.path("kind").asText() + " "
                            + manifest.path("metadata").path("name").asText() + ": " + e.getOriginalMessage(),
                    e);
        }
    }
}
