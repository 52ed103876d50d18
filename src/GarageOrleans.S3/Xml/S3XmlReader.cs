using System.Buffers;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Xml;

/// <summary>
/// Reads request bodies safely: DTDs are refused, external entities are never resolved and the body is capped at
/// <see cref="MaxBodyBytes"/>; anything malformed is MalformedXML. Element names are matched by local name, so a
/// body with or without the S3 namespace is accepted. Reading drains the body, which also completes its verification.
/// </summary>
public static class S3XmlReader
{
    /// <summary>Largest XML request body accepted (1 MiB, like Garage; DeleteObjects of 1000 long keys fits).</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Most objects in one DeleteObjects request (AWS limit).</summary>
    public const int MaxDeleteObjects = 1000;

    /// <summary>Highest part number of a multipart upload (AWS limit).</summary>
    public const int MaxPartNumber = 10000;

    /// <summary>Parses the body into its root element; null when the body is empty.</summary>
    public static async Task<XElement?> LoadAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > MaxBodyBytes)
                    {
                        throw Malformed("The XML body is larger than 1 MiB.");
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var n = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                length += n;
            }

            if (length > MaxBodyBytes)
            {
                throw Malformed("The XML body is larger than 1 MiB.");
            }

            return length == 0 ? null : Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The LocationConstraint of CreateBucketConfiguration, or null for an empty body or element.</summary>
    public static async Task<string?> ReadCreateBucketConfigurationAsync(Stream body, CancellationToken cancellationToken)
    {
        var root = await LoadAsync(body, cancellationToken);
        if (root is null)
        {
            return null;
        }

        ExpectRoot(root, "CreateBucketConfiguration");
        var location = Child(root, "LocationConstraint")?.Value.Trim();
        return string.IsNullOrEmpty(location) ? null : location;
    }

    public static async Task<S3DeleteRequest> ReadDeleteAsync(Stream body, CancellationToken cancellationToken)
    {
        var root = await LoadAsync(body, cancellationToken) ?? throw Malformed("The Delete body is empty.");
        ExpectRoot(root, "Delete");
        var quiet = Child(root, "Quiet") is { } q && ParseBool(q.Value);
        var objects = new List<S3ObjectIdentifier>();
        foreach (var element in root.Elements())
        {
            if (element.Name.LocalName != "Object")
            {
                continue;
            }

            if (objects.Count == MaxDeleteObjects)
            {
                throw Malformed("A Delete request names at most 1000 objects.");
            }

            var key = Child(element, "Key")?.Value ?? throw Malformed("An Object has no Key.");
            var versionId = Child(element, "VersionId")?.Value;
            objects.Add(new S3ObjectIdentifier(key, string.IsNullOrEmpty(versionId) ? null : versionId));
        }

        return objects.Count == 0 ? throw Malformed("A Delete request names at least one object.") : new S3DeleteRequest(quiet, objects);
    }

    public static async Task<IReadOnlyList<S3CompletedPart>> ReadCompleteMultipartUploadAsync(Stream body, CancellationToken cancellationToken)
    {
        var root = await LoadAsync(body, cancellationToken) ?? throw Malformed("The CompleteMultipartUpload body is empty.");
        ExpectRoot(root, "CompleteMultipartUpload");
        var parts = new List<S3CompletedPart>();
        foreach (var element in root.Elements())
        {
            if (element.Name.LocalName != "Part")
            {
                continue;
            }

            var numberText = Child(element, "PartNumber")?.Value.Trim();
            if (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number < 1 || number > MaxPartNumber)
            {
                throw Malformed("Each Part needs a PartNumber between 1 and 10000.");
            }

            var etag = Child(element, "ETag")?.Value.Trim() ?? throw Malformed("Each Part needs an ETag.");
            parts.Add(new S3CompletedPart(
                number,
                etag,
                Optional(element, "ChecksumCRC32"),
                Optional(element, "ChecksumCRC32C"),
                Optional(element, "ChecksumSHA1"),
                Optional(element, "ChecksumSHA256"),
                Optional(element, "ChecksumCRC64NVME")));
        }

        return parts.Count == 0 ? throw Malformed("CompleteMultipartUpload names no part.") : parts;
    }

    /// <summary>The first child element with this local name, in any namespace.</summary>
    public static XElement? Child(XElement parent, string localName)
    {
        foreach (var element in parent.Elements())
        {
            if (element.Name.LocalName == localName)
            {
                return element;
            }
        }

        return null;
    }

    private static XElement Parse(ReadOnlySpan<byte> xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = MaxBodyBytes,
            CloseInput = true,
        };
        try
        {
            using var stream = new MemoryStream(xml.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            return XElement.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new S3Exception(S3ErrorCode.MalformedXML, $"The XML you provided was not well-formed: {ex.Message}");
        }
    }

    private static void ExpectRoot(XElement root, string localName)
    {
        if (root.Name.LocalName != localName)
        {
            throw Malformed($"Expected a <{localName}> document.");
        }
    }

    private static string? Optional(XElement parent, string localName)
    {
        var value = Child(parent, localName)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static bool ParseBool(string text) => text.Trim() switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" or "" => false,
        _ => throw Malformed("Quiet must be true or false."),
    };

    private static S3Exception Malformed(string message) => new(S3ErrorCode.MalformedXML, message);
}
