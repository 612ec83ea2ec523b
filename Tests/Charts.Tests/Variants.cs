namespace Wasmcloud.Charts.Tests;

/// <summary>The values files the chart is linted and rendered with (CI runs each).</summary>
internal static class Variants
{
    public const string Default = "";

    public const string GatewayOff = """
        gateway:
          enabled: false
        """;

    public const string WatchNamespaces = """
        operator:
          watchNamespaces: [team-a, team-b]
        """;

    public const string TwoHostGroups = """
        runtime:
          hostGroups:
            - name: default
              replicas: 3
              http: { enabled: true, port: 9191 }
            - name: edge
              namespace: edge-hosts
              replicas: 2
              http: { enabled: true, port: 8080 }
              hostPlugins:
                - name: wasmcloud-example-greeting
                - name: acme-billing
                  config: { region: eu }
                  configFrom: billing-settings
                  secretFrom: billing-credentials
        """;

    public const string ExternalNats = """
        nats:
          enabled: false
        global:
          nats:
            schedulerUrl: nats://control.example.net:4222
            dataUrl: nats://data.example.net:4222
        """;

    public const string Tls = """
        global:
          tls:
            enabled: true
        """;

    public const string TlsTwoNamespaces = """
        global:
          tls:
            enabled: true
        runtime:
          hostGroups:
            - name: default
              replicas: 2
            - name: edge
              namespace: edge-hosts
              replicas: 2
        """;

    public const string PersistentNats = """
        nats:
          jetstream:
            persistence:
              enabled: true
              storageClassName: fast-ssd
              size: 20Gi
        """;

    public static TheoryData<string, string> All => new()
    {
        { nameof(Default), Default },
        { nameof(GatewayOff), GatewayOff },
        { nameof(WatchNamespaces), WatchNamespaces },
        { nameof(TwoHostGroups), TwoHostGroups },
        { nameof(ExternalNats), ExternalNats },
        { nameof(Tls), Tls },
        { nameof(TlsTwoNamespaces), TlsTwoNamespaces },
        { nameof(PersistentNats), PersistentNats },
    };
}
