using Npgsql;

namespace GarageOrleans.Hosting;

/// <summary>
/// <c>Cluster:Membership = adonet</c>: Orleans' ADO.NET membership table on PostgreSQL, shared by the nodes of a
/// cluster (docs/cluster.md §1). The schema is ours (<see cref="SchemaFile"/>); this type registers the provider,
/// describes the database without its secrets, and checks the schema before the silo starts, so that a database
/// without it stops the node with one clear line instead of a provider stack trace.
/// </summary>
internal static partial class AdoNetMembership
{
    /// <summary>The ADO.NET invariant Orleans maps to Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public const string SchemaFile = "scripts/sql/postgresql-membership.sql";

    /// <summary>The statements the provider loads from <c>OrleansQuery</c> at start-up (it refuses to run without one).</summary>
    private static readonly string[] QueryKeys =
    [
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey",
        "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "CleanupDefunctSiloEntriesKey",
        "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
    ];

    /// <summary>PostgreSQL's SQLSTATE for "relation does not exist".</summary>
    private const string UndefinedTable = "42P01";

    public static void UseGarageAdoNetMembership(this ISiloBuilder silo, string connectionString) =>
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });

    /// <summary>Host, port, database and user of a connection string, for messages and logs: never its password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the string is not an Npgsql connection string.</summary>
    public static void Validate(string connectionString) => _ = new NpgsqlConnectionStringBuilder(connectionString);

    /// <summary>
    /// Checks that the database answers and holds every statement the provider needs.
    /// </summary>
    /// <exception cref="InvalidOperationException">Unreachable database or missing schema; the message says which and what to do.</exception>
    public static async Task CheckSchemaAsync(string connectionString, CancellationToken cancellationToken)
    {
        var database = Describe(connectionString);
        var found = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var command = dataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetString(0));
            }
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            throw new InvalidOperationException(
                $"Cluster:MembershipConnectionString: the membership database ({database}) has no membership schema (no table OrleansQuery); apply {SchemaFile} to it (scripts/postgres.sh does)", e);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"Cluster:MembershipConnectionString: cannot use the membership database ({database}): {e.Message}", e);
        }

        var missing = QueryKeys.Where(k => !found.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cluster:MembershipConnectionString: the membership database ({database}) lacks the statements {string.Join(", ", missing)}; apply {SchemaFile} to it");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership: adonet on PostgreSQL {Database}")]
    public static partial void LogAdoNet(ILogger logger, string database);
}
