using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Tests.Standalone;

public sealed class ManifestParserTests
{
    private const string Artifact = """
        apiVersion: runtime.wasmcloud.dev/v1alpha1
        kind: Artifact
        metadata: {name: NAME}
        spec: {image: ghcr.io/acme/app:1.0.0}
        """;

    [Fact]
    public void A_syntax_error_costs_only_its_own_document()
    {
        var text = string.Join("\n", Artifact.Replace("NAME", "first", StringComparison.Ordinal), "---", "apiVersion: v1\nkind: [unclosed\nmetadata: {name: x}", "---", Artifact.Replace("NAME", "third", StringComparison.Ordinal));

        var result = ManifestParser.Parse(text, "mixed.yaml");

        Assert.Equal(["first", "third"], result.Objects.Select(o => o.Object.Name));
        var error = Assert.Single(result.Errors);
        Assert.Equal("mixed.yaml", error.File);
        Assert.Equal(7, error.Line);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, result.Objects[1].Line);
    }

    [Fact]
    public void A_schema_error_points_at_the_field()
    {
        const string text = """
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: WorkloadDeployment
            metadata:
              name: web
            spec:
              replicas: many
              template: {spec: {}}
            """;

        var error = Assert.Single(ManifestParser.Parse(text, "bad.yaml").Errors);

        Assert.Equal(("bad.yaml", 6, "$.spec.replicas"), (error.File, error.Line, error.Path));
        Assert.Contains("WorkloadDeployment", error.Message, StringComparison.Ordinal);
        Assert.Equal("bad.yaml:6: " + error.Message + " (at $.spec.replicas)", error.ToString());
    }

    [Fact]
    public void A_schema_error_inside_a_list_points_at_the_item()
    {
        const string text = """
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: Workload
            metadata: {name: w}
            spec:
              components:
                - name: a
                  image: x
                - name: b
                  image: y
                  poolSize: lots
            """;

        var error = Assert.Single(ManifestParser.Parse(text, "w.yaml").Errors);

        Assert.Equal((10, "$.spec.components[1].poolSize"), (error.Line, error.Path));
    }

    [Theory]
    [InlineData("metadata: {name: x\nspec: {}\n", 1)]
    [InlineData("metadata:\n  name: x\n   bad: indent\n", 3)]
    [InlineData("spec: \"unterminated\n", 1)]
    [InlineData("metadata: {name: x}\nspec: [a, b\n", 3)]
    public void Syntax_errors_carry_the_parser_line(string body, int line)
    {
        var text = Artifact.Replace("NAME", "ok", StringComparison.Ordinal) + "\n---\n" + "apiVersion: v1\nkind: Service\n" + body;

        var result = ManifestParser.Parse(text, "s.yaml");

        Assert.Equal(7 + line, Assert.Single(result.Errors).Line);
        Assert.Single(result.Objects);
    }

    [Fact]
    public void A_duplicate_key_is_an_error_at_its_line()
    {
        var text = Artifact.Replace("NAME", "a", StringComparison.Ordinal) + "\nkind: Artifact\n";

        var error = Assert.Single(ManifestParser.Parse(text, "dup.yaml").Errors);

        Assert.Equal(5, error.Line);
        Assert.Contains("Duplicate key", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unknown_kinds_are_skipped_with_their_place()
    {
        var text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n---\n" + Artifact.Replace("NAME", "a", StringComparison.Ordinal);

        var result = ManifestParser.Parse(text, "k.yaml");

        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(("k.yaml", 1), (skipped.File, skipped.Line));
        Assert.Empty(result.Errors);
        Assert.Single(result.Objects);
    }

    [Fact]
    public void Missing_identity_is_an_error_and_a_missing_namespace_is_default()
    {
        var text = "apiVersion: runtime.wasmcloud.dev/v1alpha1\nkind: Artifact\nspec: {image: x}\n---\nkind: Artifact\n---\n- a list\n---\n"
            + Artifact.Replace("NAME", "ok", StringComparison.Ordinal);

        var result = ManifestParser.Parse(text, "m.yaml");

        Assert.Equal([1, 5, 7], result.Errors.Select(e => e.Line));
        Assert.Equal("default", Assert.Single(result.Objects).Object.Namespace);
    }

    [Fact]
    public void Fields_the_schema_does_not_know_are_reported_as_dropped()
    {
        const string text = """
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: WorkloadDeployment
            metadata: {name: web}
            spec:
              template:
                metadata:
                  labels: {app: web}
                spec: {hostSelector: {hostgroup: default}}
            """;

        var result = ManifestParser.Parse(text, "d.yaml");

        var warning = Assert.Single(result.Warnings);
        Assert.Equal((6, "$.spec.template.metadata"), (warning.Line, warning.Path));
        Assert.IsType<WorkloadDeployment>(Assert.Single(result.Objects).Object);
    }

    [Fact]
    public void Empty_documents_and_comments_are_ignored()
    {
        var text = "# just a comment\n---\n---\n" + Artifact.Replace("NAME", "a", StringComparison.Ordinal) + "\n---\n";

        var result = ManifestParser.Parse(text, "e.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(4, Assert.Single(result.Objects).Line);
    }
}
