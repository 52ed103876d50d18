using Microsoft.Data.Sqlite;

namespace GarageOrleans.Storage;

/// <summary>
/// The prepared statements of one tree on one connection. Microsoft.Data.Sqlite keeps a command's statement compiled
/// while its text does not change, so reusing the commands saves a parse per call. Not thread-safe: a connection is
/// used by one thread at a time.
/// </summary>
internal sealed class SqliteTreeStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _table;
    private readonly SqliteCommand?[] _ranges = new SqliteCommand?[8];
    private SqliteCommand? _get;
    private SqliteCommand? _put;
    private SqliteCommand? _delete;

    public SqliteTreeStatements(SqliteConnection connection, string tree)
    {
        _connection = connection;
        _table = TreeNames.SqliteTable(tree);
    }

    public byte[]? Get(byte[] key)
    {
        _get ??= Create($"SELECT v FROM {_table} WHERE k = $k", "$k");
        _get.Parameters[0].Value = key;
        using var reader = _get.ExecuteReader();
        return reader.Read() ? reader.GetFieldValue<byte[]>(0) : null;
    }

    public void Put(byte[] key, byte[] value)
    {
        _put ??= Create($"INSERT INTO {_table} (k, v) VALUES ($k, $v) ON CONFLICT (k) DO UPDATE SET v = excluded.v", "$k", "$v");
        _put.Parameters[0].Value = key;
        _put.Parameters[1].Value = value;
        _put.ExecuteNonQuery();
    }

    public bool Delete(byte[] key)
    {
        _delete ??= Create($"DELETE FROM {_table} WHERE k = $k", "$k");
        _delete.Parameters[0].Value = key;
        return _delete.ExecuteNonQuery() > 0;
    }

    public List<KeyValue> Range(RangeQuery query)
    {
        var result = new List<KeyValue>();
        if (query.Limit == 0)
        {
            return result;
        }

        var shape = (query.Start is null ? 0 : 1) | (query.End is null ? 0 : 2) | (query.Reverse ? 4 : 0);
        var command = _ranges[shape] ??= CreateRange(query.Start is not null, query.End is not null, query.Reverse);
        command.Parameters[0].Value = query.Start ?? [];
        command.Parameters[1].Value = query.End ?? [];
        command.Parameters[2].Value = query.Limit;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new KeyValue(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)));
        }

        return result;
    }

    public void Dispose()
    {
        _get?.Dispose();
        _put?.Dispose();
        _delete?.Dispose();
        foreach (var command in _ranges)
        {
            command?.Dispose();
        }
    }

    private SqliteCommand CreateRange(bool start, bool end, bool reverse)
    {
        var where = (start, end) switch
        {
            (true, true) => " WHERE k >= $s AND k < $e",
            (true, false) => " WHERE k >= $s",
            (false, true) => " WHERE k < $e",
            _ => "",
        };
        var order = reverse ? "DESC" : "ASC";
        return Create($"SELECT k, v FROM {_table}{where} ORDER BY k {order} LIMIT $n", "$s", "$e", "$n");
    }

    private SqliteCommand Create(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(name, name == "$n" ? SqliteType.Integer : SqliteType.Blob);
        }

        return command;
    }
}
