namespace Wasmcloud.Protocol.Tests;

public sealed class SubjectsTests
{
    [Fact]
    public void Subjects_match_reference_section_4_1()
    {
        Assert.Equal("runtime.operator.heartbeat.h1", Subjects.Heartbeat("h1"));
        Assert.Equal("runtime.operator.heartbeat.>", Subjects.AllHeartbeats);
        Assert.Equal("runtime.host.h1.>", Subjects.HostCommands("h1"));
        Assert.Equal("runtime.host.h1.heartbeat", Subjects.HostCommand("h1", Commands.Heartbeat));
        Assert.Equal("runtime.host.h1.workload.start", Subjects.HostCommand("h1", Commands.WorkloadStart));
        Assert.Equal("runtime.host.h1.workload.status", Subjects.HostCommand("h1", Commands.WorkloadStatus));
        Assert.Equal("runtime.host.h1.workload.stop", Subjects.HostCommand("h1", Commands.WorkloadStop));
    }

    [Theory]
    [InlineData("runtime.host.h1.workload.start", "workload.start")]
    [InlineData("runtime.host.h1.heartbeat", "heartbeat")]
    [InlineData("runtime.host.h1.a.b.c", "a.b.c")]
    [InlineData("runtime.host.h1", null)]
    [InlineData("runtime.operator.heartbeat.h1", null)]
    public void Command_is_every_token_after_the_third(string subject, string? command)
    {
        Assert.Equal(command, Subjects.CommandOf(subject));
    }

    [Theory]
    [InlineData("runtime.operator.heartbeat.h1", "h1")]
    [InlineData("runtime.operator.heartbeat.h1.extra", null)]
    [InlineData("runtime.operator.heartbeat.", null)]
    [InlineData("runtime.host.h1.heartbeat", null)]
    public void Heartbeat_subject_names_the_host(string subject, string? hostId)
    {
        Assert.Equal(hostId, Subjects.HostIdOfHeartbeat(subject));
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("*")]
    [InlineData(">")]
    [InlineData("")]
    [InlineData("a b")]
    public void Host_ids_that_would_break_subjects_are_rejected(string hostId)
    {
        Assert.Throws<ArgumentException>(() => Subjects.Heartbeat(hostId));
    }
}
