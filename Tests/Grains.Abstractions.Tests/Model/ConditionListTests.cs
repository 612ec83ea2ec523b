using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Abstractions.Tests.Model;

public sealed class ConditionListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_one_entry_per_type_and_the_transition_time_while_the_status_holds()
    {
        var conditions = new List<Condition>();
        Assert.True(conditions.Set(new Condition { Type = "Ready", Status = ConditionStatus.False, Reason = "A", Message = "one" }, T0));
        Assert.True(conditions.Set(new Condition { Type = "Ready", Status = ConditionStatus.False, Reason = "A", Message = "two" }, T0.AddMinutes(1)));
        Assert.False(conditions.Set(new Condition { Type = "Ready", Status = ConditionStatus.False, Reason = "A", Message = "two" }, T0.AddMinutes(2)));

        var ready = Assert.Single(conditions);
        Assert.Equal("two", ready.Message);
        Assert.Equal(T0, ready.LastTransitionTime);

        Assert.True(conditions.Set(new Condition { Type = "Ready", Status = ConditionStatus.True, Reason = "Available" }, T0.AddMinutes(3)));
        Assert.Equal(T0.AddMinutes(3), Assert.Single(conditions).LastTransitionTime);
        Assert.True(conditions.IsTrue("Ready"));
    }
}
