namespace GarageOrleans.S3.Auth;

/// <summary>
/// What the pipeline computed over the decoded payload, available once the body has been read to the end and
/// verified. Handlers use <see cref="Md5"/> for the ETag instead of hashing the data a second time. Get it with
/// <c>context.GetPayloadDigest()</c>.
/// </summary>
public sealed class S3PayloadDigest
{
    private byte[]? _md5;

    /// <summary>True once the body reached its end and every check passed.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Decoded payload bytes read so far (the whole length once complete).</summary>
    public long Length { get; internal set; }

    /// <summary>MD5 of the decoded payload; throws until <see cref="IsComplete"/>.</summary>
    public byte[] Md5 => IsComplete
        ? _md5!
        : throw new InvalidOperationException("The payload digest is only known after the body has been read to the end.");

    internal void Complete(byte[] md5)
    {
        _md5 = md5;
        IsComplete = true;
    }
}
