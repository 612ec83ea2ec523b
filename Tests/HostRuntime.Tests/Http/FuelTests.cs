using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.HostRuntime.Execution.Internal;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// <c>--enable-meters</c> with <c>--fuel-per-request</c>: guest code that burns its request's fuel is cut off with a
/// 500 (like a trap) long before the epoch deadline, while other workloads keep answering; what each workload burns is
/// counted on the <c>Wasmcloud.Host</c> meter and logged when it stops.
/// </summary>
[Collection(FuelCollection.Name)]
public sealed class FuelTests(FuelHostFixture fixture)
{
    [Theory]
    [InlineData(Fixtures.HttpLoop, false)]
    [InlineData(Fixtures.HttpLoop, true)]
    [InlineData(Fixtures.Loop, false)]
    public async Task Endless_loop_is_cut_off_by_its_fuel_budget_while_hello_keeps_answering(string loop, bool pooled)
    {
        var loopHost = StartRequests.NewHost("fuel-loop");
        await fixture.StartRunningAsync(StartRequests.Http(loop, loopHost, poolSize: pooled ? 1 : 0));
        var helloHost = await fixture.ServeAsync(Fixtures.HelloWat, "fuel-hello");

        var loops = Enumerable.Range(0, 3).Select(_ => fixture.GetAsync(loopHost)).ToArray();
        var hellos = Enumerable.Range(0, 10).Select(_ => fixture.GetAsync(helloHost)).ToArray();

        Assert.All(await Task.WhenAll(hellos), hello => Assert.Equal((200, Fixtures.HelloText), hello));
        // 500, not the deadline's 504: the fuel ran out minutes before the deadline would have passed.
        Assert.All(await Task.WhenAll(loops), cut => Assert.Equal(500, cut.Status));
        var message = (await fixture.GetAsync(loopHost)).Body;
        Assert.Equal(
            loop == Fixtures.Loop
                ? $"component '{loop}' failed: wasm trap: all fuel consumed by WebAssembly\n"
                : $"component '{loop}' failed: it ran out of fuel: {FuelHostFixture.FuelPerRequest} per request (--fuel-per-request)\n",
            message);
        if (pooled)
        {
            var pool = Assert.IsType<ComponentHttpHandler>(fixture.Router.Resolve(loopHost)).Pool!;
            Assert.Equal(0, pool.Live);
        }

        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(helloHost));
    }

    [Fact]
    public async Task Metered_hello_answers_and_its_fuel_shows_on_the_meter_and_in_the_log_when_it_stops()
    {
        var host = StartRequests.NewHost("fuel-metered");
        var request = StartRequests.Http(Fixtures.HelloWat, host, poolSize: 1);
        var workloadId = request.WorkloadId;
        var burnt = new ConcurrentQueue<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Meter.Name: FuelMeter.MeterName, Name: FuelMeter.FuelConsumedName })
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "workload.id", Value: string id } && id == workloadId)
                {
                    burnt.Enqueue(value);
                }
            }
        });
        listener.Start();
        await fixture.StartRunningAsync(request);
        var handler = Assert.IsType<ComponentHttpHandler>(fixture.Router.Resolve(host));

        var answers = new List<(int, string)>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await fixture.GetAsync(host));
        }

        Assert.All(answers, answer => Assert.Equal((200, Fixtures.HelloText), answer));
        Assert.Equal(3, burnt.Count);
        Assert.All(burnt, fuel => Assert.InRange(fuel, 1, FuelHostFixture.FuelPerRequest));
        Assert.Equal(burnt.Sum(), handler.FuelConsumed);

        await fixture.StopAsync(workloadId);
        var total = await Eventually.Until(
            () => Task.FromResult(fixture.Logs.Lines.FirstOrDefault(l => l.EventId == 5117 && l.Fields.GetValueOrDefault("WorkloadId") == workloadId)),
            line => line is not null,
            "the fuel total in the log");
        Assert.Equal(burnt.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), total!.Fields["Fuel"]);
    }
}
