namespace GarageOrleans.S3.Errors;

/// <summary>How one <see cref="S3ErrorCode"/> is answered: the XML <c>Code</c>, the HTTP status and the default message.</summary>
public readonly record struct S3ErrorInfo(string Code, int StatusCode, string Message);
