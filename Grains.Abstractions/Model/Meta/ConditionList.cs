namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>Reads and writes a <c>status.conditions</c> list, keeping one entry per type and transition times stable.</summary>
public static class ConditionList
{
    public static Condition? Find(this List<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(this List<Condition>? conditions, string type) => conditions.Find(type)?.IsTrue == true;

    /// <summary>Sets a condition; returns true when anything but timestamps changed.</summary>
    public static bool Set(this List<Condition> conditions, Condition next, DateTimeOffset now)
    {
        var index = conditions.FindIndex(c => c.Type == next.Type);
        if (index < 0)
        {
            next.LastTransitionTime = now;
            conditions.Add(next);
            return true;
        }

        var current = conditions[index];
        if (current.SameAs(next))
        {
            return false;
        }

        next.LastTransitionTime = current.Status == next.Status ? current.LastTransitionTime : now;
        conditions[index] = next;
        return true;
    }
}
