namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Body of every failed admin API call. <see cref="Code"/> is stable (scripts may match on it, e.g.
/// <c>NoSuchAccessKey</c>, <c>NoSuchBucket</c>, <c>BucketNotEmpty</c>); <see cref="Message"/> is for people.
/// </summary>
public sealed record AdminError(string Code, string Message);
