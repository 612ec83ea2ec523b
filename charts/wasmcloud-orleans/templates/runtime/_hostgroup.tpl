{{/* Labels of a host group's pods: (dict "root" $ "group" .). */}}
{{- define "wasmcloud.hostGroup.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wasmcloud.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: runtime
wasmcloud.com/name: hostgroup
wasmcloud.com/hostgroup: {{ .group.name }}
hostgroup: {{ .group.name }}
{{- end -}}

{{/* The host plugin entries that need the host config file. */}}
{{- define "wasmcloud.hostGroup.configuredPlugins" -}}
{{- $configured := list -}}
{{- range .hostPlugins }}{{ if include "wasmcloud.hostPlugin.configured" . }}{{ $configured = append $configured . }}{{ end }}{{ end -}}
{{- toYaml $configured -}}
{{- end -}}

{{/* A reference to a ConfigMap or Secret written as a name or as {name: …}. */}}
{{- define "wasmcloud.refName" -}}
{{- if kindIs "map" . }}{{ .name }}{{ else }}{{ . }}{{ end -}}
{{- end -}}
