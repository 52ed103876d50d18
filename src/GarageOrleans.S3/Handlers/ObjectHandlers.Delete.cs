using System.Text;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

internal sealed partial class ObjectHandlers
{
    /// <summary>Keys of one DeleteObjects request deleted concurrently: enough to hide latency, few enough not to flood one bucket's nodes.</summary>
    public const int MaxDeletesInFlight = 16;

    private static async Task DeleteObjectAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        await RequestValues.ObjectGrain(context, bucket.Id, key).DeleteAsync();

        // 204 whether or not the key existed, as AWS.
        context.Http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task DeleteObjectsAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var body = await RequestXml.ReadBodyAsync(context.Body, RequestXml.MaxBodyBytes, context.Aborted);
        var request = RequestXml.ParseDelete(body);
        if (request.Objects.Count is 0 or > S3Limits.MaxPageSize)
        {
            throw new S3Exception(S3ErrorCode.MalformedXML);
        }

        var outcomes = new (string? Code, string? Message)[request.Objects.Count];
        for (var i = 0; i < outcomes.Length; i += MaxDeletesInFlight)
        {
            var batch = Enumerable.Range(i, Math.Min(MaxDeletesInFlight, outcomes.Length - i)).Select(async j =>
            {
                outcomes[j] = await DeleteOneAsync(context, bucket.Id, request.Objects[j].Key);
            });
            await Task.WhenAll(batch);
        }

        await ResponseXml.WriteAsync(context.Http.Response, "DeleteResult", w =>
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                var o = request.Objects[i];
                var (code, message) = outcomes[i];
                if (code is not null)
                {
                    w.WriteStartElement("Error");
                    w.Element("Key", o.Key);
                    w.Element("VersionId", o.VersionId);
                    w.Element("Code", code);
                    w.Element("Message", message);
                    w.WriteEndElement();
                }
                else if (!request.Quiet)
                {
                    w.WriteStartElement("Deleted");
                    w.Element("Key", o.Key);
                    w.Element("VersionId", o.VersionId);
                    w.WriteEndElement();
                }
            }
        });
    }

    /// <summary>Deletes one key of a DeleteObjects request; a failure is reported in that key's Error entry, not for the request.</summary>
    private static async Task<(string? Code, string? Message)> DeleteOneAsync(S3RequestContext context, Primitives.BucketId bucket, string key)
    {
        if (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > S3Limits.MaxKeyBytes)
        {
            return (nameof(S3ErrorCode.InvalidArgument), "Invalid object key.");
        }

        try
        {
            await RequestValues.ObjectGrain(context, bucket, key).DeleteAsync();
            return (null, null);
        }
        catch (Exception)
        {
            return (nameof(S3ErrorCode.InternalError), "We encountered an internal error. Please try again.");
        }
    }
}
