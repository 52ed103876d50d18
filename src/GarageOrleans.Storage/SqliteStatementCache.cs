using Microsoft.Data.Sqlite;

namespace GarageOrleans.Storage;

/// <summary>One connection and the prepared statements of the trees it has touched.</summary>
internal sealed class SqliteStatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteTreeStatements> _trees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteCommand> _fixed = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    public SqliteTreeStatements For(string tree)
    {
        if (!_trees.TryGetValue(tree, out var statements))
        {
            statements = new SqliteTreeStatements(connection, tree);
            _trees.Add(tree, statements);
        }

        return statements;
    }

    /// <summary>Drops the statements of a tree whose table was rolled back.</summary>
    public void Forget(string tree)
    {
        if (_trees.Remove(tree, out var statements))
        {
            statements.Dispose();
        }
    }

    public void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs a statement of a small fixed set (BEGIN, SAVEPOINT, COMMIT…) kept prepared: the writer runs two of them
    /// per body, and parsing them each time was a visible share of a batch.
    /// </summary>
    public void ExecuteFixed(string sql)
    {
        if (!_fixed.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _fixed.Add(sql, command);
        }

        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var statements in _trees.Values)
        {
            statements.Dispose();
        }

        foreach (var command in _fixed.Values)
        {
            command.Dispose();
        }

        _trees.Clear();
        _fixed.Clear();
        connection.Dispose();
    }
}
