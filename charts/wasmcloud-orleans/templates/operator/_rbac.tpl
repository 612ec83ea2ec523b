{{/* Rules for the workload side, granted cluster-wide or in each watched namespace. */}}
{{- define "wasmcloud.operator.workloadRules" -}}
- apiGroups: ["runtime.wasmcloud.dev"]
  resources: ["artifacts", "workloads", "workloadreplicasets", "workloaddeployments"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
- apiGroups: ["runtime.wasmcloud.dev"]
  resources: ["artifacts/status", "workloads/status", "workloadreplicasets/status", "workloaddeployments/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["runtime.wasmcloud.dev"]
  resources: ["artifacts/finalizers", "workloads/finalizers", "workloadreplicasets/finalizers", "workloaddeployments/finalizers"]
  verbs: ["update"]
# Services are watched (a workload's Service); ConfigMaps and Secrets are only read by name, never listed.
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["configmaps", "secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["services/finalizers"]
  verbs: ["update"]
# Events are created, merge-patched when they repeat, and listed by the dashboard's workload page.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "list", "patch"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices/restricted"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["endpoints/restricted"]
  verbs: ["create"]
{{- end -}}

{{/* Rules in the operator's own namespace: Orleans membership, leader leases, events, host pods and Host objects. */}}
{{- define "wasmcloud.operator.namespaceRules" -}}
# The membership table is read and written by name; the Lease is read, created and replaced.
- apiGroups: ["orleans.wasmcloud.dev"]
  resources: ["membershiptables"]
  verbs: ["create", "delete", "get", "update"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create", "get", "update"]
# Events about Hosts; only the dashboard lists Events, and only in workload namespaces.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# Host pods are only watched (a deleted one takes its Host with it); no finalizer is put on them.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: ["runtime.wasmcloud.dev"]
  resources: ["hosts", "hosts/finalizers"]
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
- apiGroups: ["runtime.wasmcloud.dev"]
  resources: ["hosts/status"]
  verbs: ["get", "patch", "update"]
{{- end -}}
