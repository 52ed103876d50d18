namespace GarageOrleans.S3.Xml;

/// <summary>One <c>&lt;Object&gt;</c> of a DeleteObjects request.</summary>
public sealed record S3ObjectIdentifier(string Key, string? VersionId);
