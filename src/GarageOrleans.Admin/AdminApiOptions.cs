namespace GarageOrleans.Admin;

/// <summary>
/// Options of the admin API (configuration section <c>Admin</c>). Hosting binds <c>Admin:Token</c> and, when it is
/// unset, fills <see cref="Token"/> from <see cref="AdminToken.LoadOrCreate"/>. While Token is null or empty every
/// protected endpoint answers 401: an admin API with no token is closed, never open.
/// </summary>
public sealed record AdminApiOptions
{
    /// <summary>The bearer token that admin calls, the CLI and the dashboard must present. Never logged.</summary>
    public string? Token { get; set; }
}
