using GarageOrleans.S3.Tests.Fuzz;

namespace GarageOrleans.S3.Handlers.Tests.EndToEnd;

/// <summary>
/// The pipeline fuzz with the real handlers behind it (in-memory grains): no request may get a 500, and the host's
/// fixture fails the class if any internal error was counted.
/// </summary>
public sealed class HandlerFuzzTests(PipelineHost host) : IClassFixture<PipelineHost>
{
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public async Task RandomRequests_NeverGet500(int seed)
    {
        await new RequestFuzzer(host.BaseAddress, Fakes.TestRequests.Key.AccessKeyId, PipelineHost.Secret, "bkt").RunAsync(seed, count: 200);
    }
}
