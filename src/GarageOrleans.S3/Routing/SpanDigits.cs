namespace GarageOrleans.S3.Routing;

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
