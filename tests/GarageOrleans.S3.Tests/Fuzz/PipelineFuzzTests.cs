namespace GarageOrleans.S3.Tests.Fuzz;

/// <summary>
/// Random and malformed requests through the whole pipeline on Kestrel (<see cref="S3ApiHost"/>): none may get a
/// 500 or a silent close, and the host's fixture fails the class if any internal error was counted.
/// </summary>
public sealed class PipelineFuzzTests(S3ApiHost host) : IClassFixture<S3ApiHost>
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task RandomRequests_NeverGet500(int seed)
    {
        await new RequestFuzzer(host.BaseAddress, S3ApiHost.KeyId, S3ApiHost.Secret, "bkt").RunAsync(seed, count: 200);
    }
}
