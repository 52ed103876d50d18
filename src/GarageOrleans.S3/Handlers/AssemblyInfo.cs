using System.Runtime.CompilerServices;

// Declared here rather than in the csproj so the handler tests do not depend on a file another branch edits.
[assembly: InternalsVisibleTo("GarageOrleans.S3.Handlers.Tests")]
