using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

internal sealed partial class ObjectHandlers
{
    /// <summary>
    /// GetObjectTagging: objects carry no tags here (PutObjectTagging is not implemented), so the answer is the
    /// object's true, empty tag set. awscli asks for it before every multipart server-side copy (<c>aws s3 cp/mv</c>
    /// between S3 locations above 8 MiB), so answering 501 would break those commands.
    /// </summary>
    private async Task GetObjectTaggingAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        _ = await RequestValues.ObjectGrain(context, bucket.Id, key).GetAsync() ?? throw RequestValues.NoSuchKey(key);
        await ResponseXml.WriteAsync(context.Http.Response, "Tagging", w =>
        {
            w.WriteStartElement("TagSet");
            w.WriteEndElement();
        });
    }
}
