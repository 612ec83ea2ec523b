{{/* Labels of a host group's pods: (dict "root" $ "group" .). */}}
{{- define "wasmcloud.hostGroup.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wasmcloud.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: runtime
wasmcloud.com/name: hostgroup
wasmcloud.com/hostgroup: {{ .group.name }}
hostgroup: {{ .group.name }}
{{- end -}}

{{/*
The host.hostPlugins[] entries of a group's --user-config file: every hostPlugins entry, by id, with its config and
the folders its configFrom ConfigMap and secretFrom Secret are mounted at. Wasm component plugins (image, file) and
their egress allow-lists have no counterpart in our hosts, whose plugins are .NET assemblies (docs/host-plugins.md).
*/}}
{{- define "wasmcloud.hostGroup.hostConfig" -}}
{{- $group := . -}}
{{- $entries := list -}}
{{- range .hostPlugins -}}
{{- $_ := required (printf "runtime.hostGroups[%s].hostPlugins[]: every entry needs a name (the plugin id)" $group.name) .name -}}
{{- if or .image .file -}}
{{- fail (printf "runtime.hostGroups[%s].hostPlugins[%s]: image/file name a Wasm component host plugin, which these hosts do not load; their plugins are .NET assemblies in the plugins folder of the host image (docs/host-plugins.md)" $group.name .name) -}}
{{- end -}}
{{- if or .allowedHosts .allowedIpNameLookups -}}
{{- fail (printf "runtime.hostGroups[%s].hostPlugins[%s]: allowedHosts/allowedIpNameLookups restrict a sandboxed Wasm plugin; these hosts' plugins run in the host process, which no allow-list can restrict. Remove them" $group.name .name) -}}
{{- end -}}
{{- $entry := dict "id" .name -}}
{{- with .config }}{{ $_ := set $entry "config" . }}{{ end -}}
{{- if .configFrom }}{{ $_ := set $entry "configDir" (printf "/etc/wasmcloud/host-plugin-config/%s" .name) }}{{ end -}}
{{- if .secretFrom }}{{ $_ := set $entry "secretsDir" (printf "/etc/wasmcloud/host-plugin-secrets/%s" .name) }}{{ end -}}
{{- $entries = append $entries $entry -}}
{{- end -}}
{{- toYaml $entries -}}
{{- end -}}

{{/* The Secret holding a group's HTTPS certificate, "" when http.tls is off: (dict "root" $ "group" .). */}}
{{- define "wasmcloud.hostGroup.httpTlsSecret" -}}
{{- $tls := dig "http" "tls" (dict) .group -}}
{{- if and (dig "http" "enabled" true .group) $tls.enabled -}}
{{- $certificate := default (dict) $tls.certificate -}}
{{- if $certificate.secretName -}}
{{- $certificate.secretName -}}
{{- else if dig "generate" "enabled" false $certificate -}}
{{- printf "hostgroup-%s-http-tls" .group.name -}}
{{- else -}}
{{- fail (printf "runtime.hostGroups[%s].http.tls.enabled: name the certificate's Secret (http.tls.certificate.secretName, type kubernetes.io/tls) or set http.tls.certificate.generate.enabled" .group.name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The name of an extra port of a group's hosts (ports[]): its own, else port-<number>. */}}
{{- define "wasmcloud.hostGroup.portName" -}}
{{- default (printf "port-%v" (.containerPort | default .port)) .name -}}
{{- end -}}

{{/* A reference to a ConfigMap or Secret written as a name or as {name: …}. */}}
{{- define "wasmcloud.refName" -}}
{{- if kindIs "map" . }}{{ .name }}{{ else }}{{ . }}{{ end -}}
{{- end -}}
