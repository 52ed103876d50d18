namespace GarageOrleans.S3.Handlers.Tests;

public sealed class ConditionalRequestTests
{
    private const string ETag = "5d41402abc4b2a76b9719d911017c592";
    private static readonly DateTimeOffset Modified = new(2026, 1, 10, 12, 0, 0, 500, TimeSpan.Zero);
    private const string Before = "Fri, 09 Jan 2026 12:00:00 GMT";
    private const string Same = "Sat, 10 Jan 2026 12:00:00 GMT";
    private const string After = "Sun, 11 Jan 2026 12:00:00 GMT";

    private static ConditionOutcome Eval(string? ifMatch = null, string? ifUnmodifiedSince = null, string? ifNoneMatch = null, string? ifModifiedSince = null) =>
        ConditionalRequest.Evaluate(new ConditionalHeaders(ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince), ETag, Modified);

    [Fact]
    public void NoHeaders_Proceeds() => Assert.Equal(ConditionOutcome.Proceed, Eval());

    [Theory]
    [InlineData("\"5d41402abc4b2a76b9719d911017c592\"", ConditionOutcome.Proceed)]
    [InlineData("5d41402abc4b2a76b9719d911017c592", ConditionOutcome.Proceed)]
    [InlineData("\"other\", \"5d41402abc4b2a76b9719d911017c592\"", ConditionOutcome.Proceed)]
    [InlineData("*", ConditionOutcome.Proceed)]
    [InlineData("\"other\"", ConditionOutcome.PreconditionFailed)]
    [InlineData("W/\"5d41402abc4b2a76b9719d911017c592\"", ConditionOutcome.PreconditionFailed)]
    public void IfMatch_UsesStrongComparison(string header, object expected) =>
        Assert.Equal((ConditionOutcome)expected, Eval(ifMatch: header));

    [Theory]
    [InlineData("\"5d41402abc4b2a76b9719d911017c592\"", ConditionOutcome.NotModified)]
    [InlineData("W/\"5d41402abc4b2a76b9719d911017c592\"", ConditionOutcome.NotModified)]
    [InlineData("*", ConditionOutcome.NotModified)]
    [InlineData("\"other\"", ConditionOutcome.Proceed)]
    public void IfNoneMatch_UsesWeakComparison(string header, object expected) =>
        Assert.Equal((ConditionOutcome)expected, Eval(ifNoneMatch: header));

    [Theory]
    [InlineData(Before, ConditionOutcome.PreconditionFailed)]
    [InlineData(Same, ConditionOutcome.Proceed)]
    [InlineData(After, ConditionOutcome.Proceed)]
    [InlineData("not a date", ConditionOutcome.Proceed)]
    public void IfUnmodifiedSince_ComparesAtSecondPrecision(string header, object expected) =>
        Assert.Equal((ConditionOutcome)expected, Eval(ifUnmodifiedSince: header));

    [Theory]
    [InlineData(Before, ConditionOutcome.Proceed)]
    [InlineData(Same, ConditionOutcome.NotModified)]
    [InlineData(After, ConditionOutcome.NotModified)]
    [InlineData("Saturday, 10-Jan-26 12:00:00 GMT", ConditionOutcome.NotModified)]
    [InlineData("Sat Jan 10 12:00:00 2026", ConditionOutcome.NotModified)]
    public void IfModifiedSince_AcceptsTheThreeHttpDateForms(string header, object expected) =>
        Assert.Equal((ConditionOutcome)expected, Eval(ifModifiedSince: header));

    [Fact]
    public void IfMatchTrue_OverridesFailingIfUnmodifiedSince() =>
        Assert.Equal(ConditionOutcome.Proceed, Eval(ifMatch: ETag, ifUnmodifiedSince: Before));

    [Fact]
    public void IfNoneMatchFalse_OverridesIfModifiedSince() =>
        Assert.Equal(ConditionOutcome.Proceed, Eval(ifNoneMatch: "\"other\"", ifModifiedSince: After));

    [Fact]
    public void IfMatchFailure_WinsOverIfNoneMatch() =>
        Assert.Equal(ConditionOutcome.PreconditionFailed, Eval(ifMatch: "\"other\"", ifNoneMatch: ETag));

    [Fact]
    public void IfUnmodifiedSinceFailure_WinsOverIfModifiedSince() =>
        Assert.Equal(ConditionOutcome.PreconditionFailed, Eval(ifUnmodifiedSince: Before, ifModifiedSince: After));
}
