using System.Buffers;
using System.Globalization;
using System.Text;
using System.Xml;
using GarageOrleans.Abstractions;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Handlers;

/// <summary>A key of a DeleteObjects request.</summary>
internal sealed record DeleteRequestObject(string Key, string? VersionId);

/// <summary>A DeleteObjects request body.</summary>
internal sealed record DeleteRequest(bool Quiet, IReadOnlyList<DeleteRequestObject> Objects);

/// <summary>
/// Readers of the XML request bodies the handlers take (CreateBucketConfiguration, Delete, CompleteMultipartUpload).
/// Safe by construction: no DTD, no external entity, a size cap and a nesting cap; anything unexpected is
/// MalformedXML. Namespaces are ignored because several clients omit the S3 namespace. Kept in one file so that it
/// can be swapped for the shared readers of <c>GarageOrleans.S3.Xml</c> later.
/// </summary>
internal static class RequestXml
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// A CompleteMultipartUpload of 10 000 parts with their checksums is about 1.5 MiB, so that one body gets a larger
    /// cap than the others.
    /// </summary>
    public const int MaxCompleteMultipartBodyBytes = 4 * 1024 * 1024;

    /// <summary>The documents read here are three levels deep; a deep document is an attack on the recursion.</summary>
    private const int MaxDepth = 16;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = true,
    };

    /// <summary>Reads the whole body (which also lets the pipeline verify it); more than <paramref name="maxBytes"/> is MalformedXML.</summary>
    public static async Task<byte[]> ReadBodyAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        throw new S3Exception(S3ErrorCode.MalformedXML, "The XML you provided was too large.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var n = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                length += n;
            }

            if (length > maxBytes)
            {
                throw new S3Exception(S3ErrorCode.MalformedXML, "The XML you provided was too large.");
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The LocationConstraint of a CreateBucket body; null when the body is empty or names none.</summary>
    public static string? ParseCreateBucketConfiguration(byte[] body)
    {
        if (IsBlank(body))
        {
            return null;
        }

        var root = Parse(body, "CreateBucketConfiguration");
        var location = root.Child("LocationConstraint")?.Text.Trim();
        return string.IsNullOrEmpty(location) ? null : location;
    }

    public static DeleteRequest ParseDelete(byte[] body)
    {
        var root = Parse(body, "Delete");
        var quiet = root.Child("Quiet")?.Text.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ?? false;
        var objects = new List<DeleteRequestObject>();
        foreach (var o in root.Children)
        {
            if (o.Name != "Object")
            {
                continue;
            }

            var key = o.Child("Key") ?? throw Malformed();
            var version = o.Child("VersionId")?.Text.Trim();
            objects.Add(new DeleteRequestObject(key.Text, string.IsNullOrEmpty(version) ? null : version));
        }

        return new DeleteRequest(quiet, objects);
    }

    /// <summary>The parts listed by the client, in the order given (the grain checks the order); ETags unquoted.</summary>
    public static IReadOnlyList<CompletedPartRequest> ParseCompleteMultipartUpload(byte[] body)
    {
        var root = Parse(body, "CompleteMultipartUpload");
        var parts = new List<CompletedPartRequest>();
        foreach (var p in root.Children)
        {
            if (p.Name != "Part")
            {
                continue;
            }

            var numberText = p.Child("PartNumber")?.Text.Trim();
            var etag = p.Child("ETag")?.Text;
            if (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || etag is null)
            {
                throw Malformed();
            }

            parts.Add(new CompletedPartRequest(number, ETagText.Unquote(etag)));
        }

        return parts;
    }

    private static bool IsBlank(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static Node Parse(byte[] body, string rootName)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body, writable: false), Settings);
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                throw Malformed();
            }

            var root = ReadElement(reader, 0);
            return root.Name == rootName ? root : throw Malformed();
        }
        catch (XmlException)
        {
            throw Malformed();
        }
    }

    private static Node ReadElement(XmlReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Malformed();
        }

        var node = new Node(reader.LocalName);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return node;
        }

        reader.Read();
        StringBuilder? text = null;
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    node.Children.Add(ReadElement(reader, depth + 1));
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    (text ??= new StringBuilder()).Append(reader.Value);
                    reader.Read();
                    break;
                case XmlNodeType.None:
                    throw Malformed();
                default:
                    reader.Read();
                    break;
            }
        }

        reader.Read();
        node.Text = text?.ToString() ?? "";
        return node;
    }

    private static S3Exception Malformed() => new(S3ErrorCode.MalformedXML);

    private sealed class Node(string name)
    {
        public string Name { get; } = name;

        public string Text { get; set; } = "";

        public List<Node> Children { get; } = [];

        public Node? Child(string name) => Children.Find(c => c.Name == name);
    }
}
