using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Tests;

/// <summary>
/// What the pipeline's boundary answers for the failures of the layers below: the retryable ones are S3 errors that
/// clients retry (503), never an InternalError.
/// </summary>
public sealed class S3PipelineClassifyTests
{
    public static TheoryData<Exception, S3ErrorCode> Failures() => new()
    {
        { new QuorumException("object table: 1 of 2 replicas answered", [new TimeoutException()]), S3ErrorCode.ServiceUnavailable },
        { new NoLayoutException(), S3ErrorCode.ServiceUnavailable },
        { new BlockUnavailableException("block: no good copy"), S3ErrorCode.ServiceUnavailable },
        { new TimeoutException(), S3ErrorCode.ServiceUnavailable },
        { new InsufficientStorageException(), S3ErrorCode.InsufficientStorage },
        { new UploadAbortedException(), S3ErrorCode.RequestTimeout },
        { new InvalidOperationException("a bug"), S3ErrorCode.InternalError },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_MapsEachFailureToItsS3Error(Exception failure, S3ErrorCode expected) =>
        Assert.Equal(expected, S3Pipeline.Classify(failure).Code);
}
