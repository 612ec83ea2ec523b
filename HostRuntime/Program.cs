// The host process: wash-host-compatible flags, NATS control protocol, heartbeats, workloads, HTTP ingress.
return await Wasmcloud.HostRuntime.Hosting.HostRuntimeApplication.RunAsync(args);
