namespace GarageOrleans.S3.Pipeline;

public static class S3ApiEndpoints
{
    /// <summary>
    /// Maps every method and path to the S3 pipeline. Restrict it to the S3 port with
    /// <c>.RequireHost("*:3900")</c> when other APIs share the application.
    /// </summary>
    public static IEndpointConventionBuilder MapS3Api(this IEndpointRouteBuilder app)
    {
        var pipeline = app.ServiceProvider.GetRequiredService<S3Pipeline>();
        return app.Map("/{**s3path}", pipeline.InvokeAsync).WithDisplayName("S3 API");
    }

    /// <summary>Terminal middleware: every request that reaches it is an S3 request (for an application or branch serving only the S3 port).</summary>
    public static IApplicationBuilder UseS3Api(this IApplicationBuilder app)
    {
        var pipeline = app.ApplicationServices.GetRequiredService<S3Pipeline>();
        app.Run(pipeline.InvokeAsync);
        return app;
    }
}
