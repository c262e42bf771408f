{{/*
Helpers shared by every template. The workload template ranges over `.Values.services`, merging each
entry onto `.Values.defaults` with "superagent.merge" (below) rather than sprig's merge/mergeOverwrite:
those skip false, 0 and "" in the override, so `autoscaling.enabled: false` on one service would
silently lose to a default of true.
*/}}

{{- define "superagent.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Deep merge of two maps; the override wins for every key it sets, whatever the value. JSON out. */}}
{{- define "superagent.merge" -}}
{{- $out := deepCopy .base -}}
{{- range $key, $value := .override -}}
{{- $current := get $out $key -}}
{{- if and (kindIs "map" $value) (kindIs "map" $current) -}}
{{- $_ := set $out $key (include "superagent.merge" (dict "base" $current "override" $value) | fromJson) -}}
{{- else -}}
{{- $_ := set $out $key $value -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* The effective settings of one service: defaults + services.<name>. Args: root, name. JSON out. */}}
{{- define "superagent.service" -}}
{{- $override := get .root.Values.services .name -}}
{{- if not (kindIs "map" $override) -}}
{{- fail (printf "services.%s is not defined" .name) -}}
{{- end -}}
{{- include "superagent.merge" (dict "base" .root.Values.defaults "override" $override) -}}
{{- end -}}

{{- define "superagent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: superagent
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "superagent.selectorLabels" . }}
{{- end -}}

{{- define "superagent.selectorLabels" -}}
app.kubernetes.io/name: superagent
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "superagent.image" -}}
{{- $image := .svc.image -}}
{{- if not $image.repository -}}
{{- fail (printf "services.%s.image.repository is empty" .name) -}}
{{- end -}}
{{- $repository := $image.repository -}}
{{- if .root.Values.imageRegistry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" .root.Values.imageRegistry) $repository -}}
{{- end -}}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* OTLP/HTTP endpoint every service exports to; empty when telemetry has nowhere to go. */}}
{{- define "superagent.otlpEndpoint" -}}
{{- $collector := index .Values "opentelemetry-collector" -}}
{{- if .Values.otel.endpoint -}}
{{- .Values.otel.endpoint -}}
{{- else if $collector.enabled -}}
{{- printf "http://%s:4318" $collector.fullnameOverride -}}
{{- end -}}
{{- end -}}

{{/* Sentinel addresses: the bundled chart's pods (one Sentinel per node) or redis.external. */}}
{{- define "superagent.redisSentinels" -}}
{{- $redis := .Values.redis -}}
{{- if $redis.enabled -}}
{{- $nodes := list -}}
{{- range $i, $_ := until (int $redis.replica.replicaCount) -}}
{{- $nodes = append $nodes (printf "%s-node-%d.%s-headless.%s.svc.cluster.local:26379" $redis.fullnameOverride $i $redis.fullnameOverride $.Release.Namespace) -}}
{{- end -}}
{{- join "," $nodes -}}
{{- else -}}
{{- join "," $redis.external.sentinels -}}
{{- end -}}
{{- end -}}

{{/*
Plain environment of one service (args: root, name, svc), as JSON: what the chart computes (port,
telemetry, downstream addresses, Redis, Qdrant, config file paths; redisEnv / sentinelEnv / qdrantEnv
only when that backend is connected, e.g. the switch from the embedded store) plus the service's `env`.
merge keeps the computed value for a name both define; the strings are non-empty, so sprig's
skipping of empty values cannot bite here. Setting
a computed name in `env` is an error: two sources for one variable would disagree silently.
*/}}
{{- define "superagent.env" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $computed := dict "PORT" (toString (int $svc.port)) "OTEL_SERVICE_NAME" .name -}}
{{- $endpoint := include "superagent.otlpEndpoint" $root -}}
{{- if $endpoint -}}
{{- $_ := set $computed "OTEL_EXPORTER_OTLP_ENDPOINT" $endpoint -}}
{{- $_ := set $computed "OTEL_EXPORTER_OTLP_PROTOCOL" $root.Values.otel.protocol -}}
{{- else -}}
{{- $_ := set $computed "OTEL_SDK_DISABLED" "true" -}}
{{- end -}}
{{- $attributes := list "service.namespace=superagent" (printf "service.version=%s" $root.Chart.AppVersion) "k8s.namespace.name=$(POD_NAMESPACE)" "k8s.pod.name=$(POD_NAME)" -}}
{{- range $key, $value := $root.Values.otel.resourceAttributes -}}
{{- $attributes = append $attributes (printf "%s=%s" $key $value) -}}
{{- end -}}
{{- $_ := set $computed "OTEL_RESOURCE_ATTRIBUTES" (join "," $attributes) -}}
{{- range $dep := $svc.dependsOn -}}
{{- $depSvc := include "superagent.service" (dict "root" $root "name" $dep) | fromJson -}}
{{- $_ := set $computed (printf "%s_ADDR" (upper $dep)) (printf "%s-%s:%d" (include "superagent.fullname" $root) $dep (int $depSvc.port)) -}}
{{- end -}}
{{- if $svc.usesRedis -}}
{{- $sentinels := include "superagent.redisSentinels" $root -}}
{{- if $sentinels -}}
{{- $_ := set $computed "REDIS_SENTINELS" $sentinels -}}
{{- $_ := set $computed "REDIS_MASTER_NAME" (ternary $root.Values.redis.sentinel.masterSet $root.Values.redis.external.masterName $root.Values.redis.enabled) -}}
{{- $computed = merge $computed $svc.redisEnv $svc.sentinelEnv -}}
{{- else if $root.Values.redis.external.url -}}
{{- $_ := set $computed "REDIS_URL" $root.Values.redis.external.url -}}
{{- $computed = merge $computed $svc.redisEnv -}}
{{- end -}}
{{- end -}}
{{- if $svc.usesQdrant -}}
{{- if $root.Values.qdrant.enabled -}}
{{- $_ := set $computed "QDRANT_URL" (printf "http://%s:6333" $root.Values.qdrant.fullnameOverride) -}}
{{- $computed = merge $computed $svc.qdrantEnv -}}
{{- else if $root.Values.qdrant.external.url -}}
{{- $_ := set $computed "QDRANT_URL" $root.Values.qdrant.external.url -}}
{{- $computed = merge $computed $svc.qdrantEnv -}}
{{- end -}}
{{- end -}}
{{- range $file, $spec := $svc.configFiles -}}
{{- $_ := set $computed $spec.env (printf "/etc/superagent/%s" $file) -}}
{{- end -}}
{{- range $key, $value := $svc.env -}}
{{- if hasKey $computed $key -}}
{{- fail (printf "services.%s.env.%s is set by the chart; change the value it comes from instead (port, dependsOn, redis, qdrant, otel, configFiles)" $.name $key) -}}
{{- end -}}
{{- $_ := set $computed $key $value -}}
{{- end -}}
{{- toJson $computed -}}
{{- end -}}

{{/* Environment from Secrets (args: root, name, svc), as JSON: NAME -> {secret, key, optional}. */}}
{{- define "superagent.secretEnv" -}}
{{- $root := .root -}}
{{- $out := dict -}}
{{- range $name, $ref := .svc.secretEnv -}}
{{- $_ := set $out $name (dict "secret" $root.Values.secrets.existingSecret "key" $ref.key "optional" $ref.optional) -}}
{{- end -}}
{{- if .svc.usesRedis -}}
{{- $redis := $root.Values.redis -}}
{{- if and $redis.enabled $redis.auth.enabled -}}
{{- $password := dict "secret" $redis.auth.existingSecret "key" $redis.auth.existingSecretPasswordKey "optional" false -}}
{{- $_ := set $out "REDIS_PASSWORD" $password -}}
{{- /* bitnami's auth.sentinel defaults to true: the Sentinels then require the same password. */ -}}
{{- if and $redis.sentinel.enabled (ne (toString $redis.auth.sentinel) "false") -}}
{{- $_ := set $out "REDIS_SENTINEL_PASSWORD" $password -}}
{{- end -}}
{{- else if and (not $redis.enabled) $redis.external.existingSecret -}}
{{- $_ := set $out "REDIS_PASSWORD" (dict "secret" $redis.external.existingSecret "key" $redis.external.existingSecretPasswordKey "optional" false) -}}
{{- if $redis.external.existingSecretSentinelPasswordKey -}}
{{- $_ := set $out "REDIS_SENTINEL_PASSWORD" (dict "secret" $redis.external.existingSecret "key" $redis.external.existingSecretSentinelPasswordKey "optional" false) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and .svc.usesQdrant (not $root.Values.qdrant.enabled) $root.Values.qdrant.external.apiKeySecretKey -}}
{{- $_ := set $out "QDRANT_API_KEY" (dict "secret" $root.Values.secrets.existingSecret "key" $root.Values.qdrant.external.apiKeySecretKey "optional" false) -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}
