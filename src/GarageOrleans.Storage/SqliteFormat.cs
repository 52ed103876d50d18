using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GarageOrleans.Storage;

/// <summary>
/// The file-format guard. <c>PRAGMA application_id</c> marks the file as ours, <c>PRAGMA user_version</c> holds the
/// format version. A newer version is refused rather than read wrongly; an older one will be migrated here, step by
/// step, when a version 2 exists.
/// </summary>
internal static class SqliteFormat
{
    /// <summary>"GOMD": GarageOrleans metadata.</summary>
    public const int ApplicationId = 0x474F4D44;

    /// <summary>1: one table <c>"t:&lt;tree&gt;"</c> per tree, <c>(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID</c>.</summary>
    public const int CurrentVersion = 1;

    /// <returns>The format version found (0 for a new file, which is then stamped).</returns>
    public static int EnsureCurrent(SqliteConnection connection, string path)
    {
        var applicationId = Scalar(connection, "PRAGMA application_id");
        var version = Scalar(connection, "PRAGMA user_version");
        if (applicationId == 0 && version == 0)
        {
            if (Scalar(connection, "SELECT count(*) FROM sqlite_master") != 0)
            {
                throw new InvalidDataException($"'{path}' is a SQLite database but not a GarageOrleans metadata database");
            }

            Execute(connection, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {CurrentVersion}"));
            return 0;
        }

        if (applicationId != ApplicationId)
        {
            throw new InvalidDataException($"'{path}' is not a GarageOrleans metadata database (application_id {applicationId:x8})");
        }

        if (version > CurrentVersion)
        {
            throw new NotSupportedException(
                $"'{path}' has metadata format {version}; this build reads up to {CurrentVersion}. Upgrade the software or restore a snapshot.");
        }

        if (version < 1)
        {
            throw new InvalidDataException($"'{path}' has an invalid metadata format version {version}");
        }

        return (int)version;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
