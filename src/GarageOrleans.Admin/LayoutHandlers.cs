using GarageOrleans.Abstractions;
using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin;

/// <summary>
/// GetClusterLayout, UpdateClusterLayout, PreviewClusterLayoutChanges, ApplyClusterLayout, RevertClusterLayout and
/// GetClusterLayoutHistory. The checks a person can get wrong (a node id prefix, a missing replication factor, a zone
/// redundancy above it) are made here with a message that says what to do; the layout's own rules (a stale version,
/// nothing staged, an impossible assignment) are the grain's, thrown as <see cref="LayoutChangeRejectedException"/>
/// and answered 400 InvalidLayout by <see cref="AdminErrorFilter"/>.
/// </summary>
internal static class LayoutHandlers
{
    /// <summary>Zone names are labels an operator types; a longer one is a mistake.</summary>
    private const int MaxZoneLength = 64;

    /// <summary>Node ids are 64 hex digits.</summary>
    private const int NodeIdHexLength = 64;

    /// <summary>Shown in error messages: enough to tell nodes apart, short enough to read.</summary>
    private const int ShortIdLength = 16;

    public static async Task<IResult> GetClusterLayoutAsync(HttpContext http) =>
        Results.Json(await AdminHttp.Backend(http).GetClusterLayoutAsync(), AdminJson.Default.ClusterLayoutInfo);

    public static async Task<IResult> UpdateClusterLayoutAsync(HttpContext http)
    {
        var request = await AdminHttp.ReadBodyAsync(http, AdminJson.Default.UpdateClusterLayoutRequest);
        var roles = request.Roles ?? [];
        if (roles.Count == 0 && request.Parameters is null)
        {
            throw AdminApiException.BadRequest("Nothing to stage: give 'roles' and/or 'parameters'.");
        }

        foreach (var role in roles)
        {
            CheckRole(role);
        }

        var backend = AdminHttp.Backend(http);
        var layout = await backend.GetClusterLayoutAsync();
        var resolved = roles.Count == 0 ? [] : await ResolveNodesAsync(backend, layout, roles);
        var parameters = request.Parameters is { } update ? CompleteParameters(update, layout) : null;
        var result = await backend.UpdateClusterLayoutAsync(resolved, parameters);
        return Results.Json(result, AdminJson.Default.ClusterLayoutInfo);
    }

    /// <summary>What an apply would give now; nothing staged is an answer (<c>error</c> says so), not a failure.</summary>
    public static async Task<IResult> PreviewClusterLayoutChangesAsync(HttpContext http)
    {
        var layout = await AdminHttp.Backend(http).GetClusterLayoutAsync();
        var preview = layout.Preview
            ?? new ClusterLayoutPreview(layout.Version + 1, null, null, [], 0, "No changes are staged: use UpdateClusterLayout (layout assign/remove/config) first.");
        return Results.Json(preview, AdminJson.Default.ClusterLayoutPreview);
    }

    public static async Task<IResult> ApplyClusterLayoutAsync(HttpContext http)
    {
        var request = await AdminHttp.ReadBodyAsync(http, AdminJson.Default.ApplyClusterLayoutRequest);
        if (request.Version is not ulong version || version == 0)
        {
            throw AdminApiException.BadRequest("'version' is required: the current layout version + 1 (see GetClusterLayout).");
        }

        return Results.Json(await AdminHttp.Backend(http).ApplyClusterLayoutAsync(version), AdminJson.Default.ClusterLayoutInfo);
    }

    public static async Task<IResult> RevertClusterLayoutAsync(HttpContext http) =>
        Results.Json(await AdminHttp.Backend(http).RevertClusterLayoutAsync(), AdminJson.Default.ClusterLayoutInfo);

    public static async Task<IResult> GetClusterLayoutHistoryAsync(HttpContext http) =>
        Results.Json(await AdminHttp.Backend(http).GetClusterLayoutHistoryAsync(), AdminJson.Default.ClusterLayoutHistory);

    private static void CheckRole(NodeRoleChange? role)
    {
        if (role is null || string.IsNullOrEmpty(role.Id))
        {
            throw AdminApiException.BadRequest("Every role change needs an 'id': a node id or a unique prefix of one.");
        }

        if (role.Id.Length > NodeIdHexLength || !role.Id.All(char.IsAsciiHexDigit))
        {
            throw AdminApiException.BadRequest($"'{role.Id}' is not a node id: node ids are {NodeIdHexLength} hex digits (a unique prefix will do).");
        }

        if (role.IsRemove)
        {
            if (role.Zone is not null || role.Capacity is not null)
            {
                throw AdminApiException.BadRequest($"Role change for '{role.Id}': 'remove' takes no 'zone' or 'capacity'.");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(role.Zone) || role.Zone.Length > MaxZoneLength || role.Zone.Any(char.IsControl))
        {
            throw AdminApiException.BadRequest($"Role change for '{role.Id}': 'zone' is required (1 to {MaxZoneLength} printable characters), or 'remove': true.");
        }

        if (role.Capacity is <= 0)
        {
            throw AdminApiException.BadRequest($"Role change for '{role.Id}': 'capacity' must be a positive number of bytes, or null for a gateway.");
        }
    }

    /// <summary>
    /// Replaces each id prefix by the one known node it names. Known = every node GetClusterStatus lists (which
    /// includes members not yet in the layout) plus the layout's roles and staged changes (a node that is down).
    /// </summary>
    private static async Task<List<NodeRoleChange>> ResolveNodesAsync(IAdminBackend backend, ClusterLayoutInfo layout, IReadOnlyList<NodeRoleChange> roles)
    {
        var status = await backend.GetClusterStatusAsync();
        var known = status.Nodes.Select(n => n.Id)
            .Concat(layout.Roles.Select(r => r.Id))
            .Concat(layout.StagedRoleChanges.Select(r => r.Id))
            .Select(id => id.ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var resolved = new List<NodeRoleChange>(roles.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            var prefix = role.Id.ToLowerInvariant();
            var matches = known.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            var id = matches.Count switch
            {
                0 => throw new AdminApiException(
                    StatusCodes.Status404NotFound,
                    "NoSuchNode",
                    $"No known node matches '{role.Id}': a node must have joined the cluster (see GetClusterStatus / 'garage-orleans status') before it gets a role."),
                1 => matches[0],
                _ => throw new AdminApiException(
                    StatusCodes.Status400BadRequest,
                    "AmbiguousNode",
                    $"'{role.Id}' matches {matches.Count} nodes ({string.Join(", ", matches.Select(m => m[..ShortIdLength]))}); give more digits."),
            };
            if (!seen.Add(id))
            {
                throw AdminApiException.BadRequest($"Node {id[..ShortIdLength]} has two role changes in one request.");
            }

            resolved.Add(role with { Id = id, Remove = role.IsRemove ? true : null });
        }

        return resolved;
    }

    /// <summary>A parameter left out keeps its staged, else current, value; the first layout needs a replication factor.</summary>
    private static LayoutParameters CompleteParameters(LayoutParametersUpdate update, ClusterLayoutInfo layout)
    {
        var basis = layout.StagedParameters ?? layout.Parameters;
        var rf = update.ReplicationFactor ?? basis?.ReplicationFactor
            ?? throw AdminApiException.BadRequest("'parameters.replicationFactor' is required: this cluster has no layout yet.");
        if (rf < 1)
        {
            throw AdminApiException.BadRequest("'parameters.replicationFactor' must be at least 1.");
        }

        var zones = update.ZoneRedundancy ?? basis?.ZoneRedundancy ?? ZoneRedundancy.Maximum;
        if (zones.AtLeast is int n && n > rf)
        {
            throw AdminApiException.BadRequest($"'parameters.zoneRedundancy' ({n}) cannot exceed the replication factor ({rf}).");
        }

        return new LayoutParameters(rf, zones);
    }
}
