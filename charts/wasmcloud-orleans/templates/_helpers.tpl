{{/* Chart name, truncated for label values. */}}
{{- define "wasmcloud.name" -}}
{{- default .Chart.Name .Values.global.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped name prefix. */}}
{{- define "wasmcloud.fullname" -}}
{{- if .Values.global.fullnameOverride -}}
{{- .Values.global.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.global.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "wasmcloud.labels" -}}
{{ include "wasmcloud.chartLabels" . }}
app.kubernetes.io/name: {{ include "wasmcloud.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels telling which chart release made an object (combine with selector labels). */}}
{{- define "wasmcloud.chartLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "operator"). */}}
{{- define "wasmcloud.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wasmcloud.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An image reference: (dict "root" $ "image" .Values.x.image). Tag defaults to the appVersion. */}}
{{- define "wasmcloud.image" -}}
{{- $registry := default .root.Values.global.image.registry .image.registry -}}
{{- $tag := default .root.Chart.AppVersion (toString (default "" .image.tag)) -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "wasmcloud.imagePullSecrets" -}}
{{- with .Values.global.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ if kindIs "map" . }}{{ .name }}{{ else }}{{ . }}{{ end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The in-cluster NATS URL of the bundled server. */}}
{{- define "wasmcloud.nats.inClusterUrl" -}}
{{- printf "%s://nats.%s.svc.cluster.local:%v" (ternary "tls" "nats" .Values.global.tls.enabled) .Release.Namespace .Values.nats.port -}}
{{- end -}}

{{- define "wasmcloud.nats.schedulerUrl" -}}
{{- default (include "wasmcloud.nats.inClusterUrl" .) .Values.global.nats.schedulerUrl -}}
{{- end -}}

{{- define "wasmcloud.nats.dataUrl" -}}
{{- default (include "wasmcloud.nats.inClusterUrl" .) .Values.global.nats.dataUrl -}}
{{- end -}}

{{- define "wasmcloud.operator.serviceAccountName" -}}
{{- default (printf "%s-operator" (include "wasmcloud.fullname" .)) .Values.operator.serviceAccount.name -}}
{{- end -}}

{{- define "wasmcloud.runtime.serviceAccountName" -}}
{{- default (printf "%s-runtime" (include "wasmcloud.fullname" .)) .Values.runtime.serviceAccount.name -}}
{{- end -}}

{{- define "wasmcloud.nats.serviceAccountName" -}}
{{- default (printf "%s-nats" (include "wasmcloud.fullname" .)) .Values.nats.serviceAccount.name -}}
{{- end -}}

{{/* Namespaces holding host pods: the release namespace, every host group's and operator.hostNamespaces. */}}
{{- define "wasmcloud.hostNamespaces" -}}
{{- $namespaces := list .Release.Namespace -}}
{{- range .Values.runtime.hostGroups }}{{ $namespaces = append $namespaces (default $.Release.Namespace .namespace) }}{{ end -}}
{{- range .Values.operator.hostNamespaces }}{{ $namespaces = append $namespaces . }}{{ end -}}
{{- $namespaces | uniq | join "," -}}
{{- end -}}

{{/* Pod and container security contexts shared by every workload: non-root, read-only root, no privileges. */}}
{{- define "wasmcloud.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "wasmcloud.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* A host group's name of its objects. */}}
{{- define "wasmcloud.hostGroup.fullname" -}}
{{- printf "hostgroup-%s" .name -}}
{{- end -}}

{{/*
The TLS material of the bundled identities, by Secret name: {"<secret>": {"tls.crt": b64, "tls.key": b64, "ca.crt": b64}}.
Worked out once per rendering and kept in .Values, which every template shares, so the certificate Secrets and the
checksum annotations of the pods mounting them agree: looked up from the release namespace when the Secrets exist
(upgrades keep them), else generated (genCA "wasmcloud CA", 365 days, as the reference). With certificates.generate
false the Secrets are the user's; their current data (lookup, empty under `helm template`) is what the checksums cover.
*/}}
{{- define "wasmcloud.certificates.material" -}}
{{- $certs := .Values.global.certificates -}}
{{- if not (hasKey $certs "_material") -}}
{{- $ns := .Release.Namespace -}}
{{- $material := dict -}}
{{- $identities := list (list $certs.natsCertSecretName "nats" (list "nats" (printf "nats.%s" $ns) (printf "nats.%s.svc" $ns) (printf "nats.%s.svc.cluster.local" $ns))) (list $certs.operatorCertSecretName "wasmcloud-operator" (list)) (list $certs.runtimeCertSecretName "wasmcloud-runtime" (list)) (list $certs.dataCertSecretName "wasmcloud-data" (list)) -}}
{{- if $certs.generate -}}
{{- $existing := lookup "v1" "Secret" $ns $certs.caSecretName -}}
{{- $ca := dict -}}
{{- if $existing -}}
{{- $ca = buildCustomCert (index $existing.data "tls.crt") (index $existing.data "tls.key") -}}
{{- else -}}
{{- $ca = genCA "wasmcloud CA" 365 -}}
{{- end -}}
{{- $_ := set $material $certs.caSecretName (dict "tls.crt" ($ca.Cert | b64enc) "tls.key" ($ca.Key | b64enc) "ca.crt" ($ca.Cert | b64enc)) -}}
{{- range $identities -}}
{{- $old := lookup "v1" "Secret" $ns (index . 0) -}}
{{- if $old -}}
{{- $_ := set $material (index . 0) $old.data -}}
{{- else -}}
{{- $cert := genSignedCert (index . 1) nil (index . 2) 365 $ca -}}
{{- $_ := set $material (index . 0) (dict "tls.crt" ($cert.Cert | b64enc) "tls.key" ($cert.Key | b64enc) "ca.crt" ($ca.Cert | b64enc)) -}}
{{- end -}}
{{- end -}}
{{- else -}}
{{- range $identities -}}
{{- $_ := set $material (index . 0) (default (dict) (lookup "v1" "Secret" $ns (index . 0)).data) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $certs "_material" $material -}}
{{- end -}}
{{- toJson $certs._material -}}
{{- end -}}

{{/* A checksum of the certificate Secrets (by name) a pod mounts: (dict "root" $ "secrets" (list …)); pods restart when they change. */}}
{{- define "wasmcloud.certificates.checksum" -}}
{{- $material := include "wasmcloud.certificates.material" .root | fromJson -}}
{{- $parts := list -}}
{{- range .secrets }}{{ $parts = append $parts (toJson (index $material . | default (dict))) }}{{ end -}}
{{- join "," $parts | sha256sum -}}
{{- end -}}

{{/* Namespaces of the host groups, the release namespace first. */}}
{{- define "wasmcloud.hostGroupNamespaces" -}}
{{- $namespaces := list .Release.Namespace -}}
{{- range .Values.runtime.hostGroups }}{{ $namespaces = append $namespaces (default $.Release.Namespace .namespace) }}{{ end -}}
{{- $namespaces | uniq | join "," -}}
{{- end -}}
