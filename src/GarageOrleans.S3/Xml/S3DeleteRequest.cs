namespace GarageOrleans.S3.Xml;

/// <summary>The body of DeleteObjects: 1 to 1000 objects; <see cref="Quiet"/> asks to report only errors.</summary>
public sealed record S3DeleteRequest(bool Quiet, IReadOnlyList<S3ObjectIdentifier> Objects);
