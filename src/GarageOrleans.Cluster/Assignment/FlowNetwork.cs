namespace GarageOrleans.Cluster.Assignment;

/// <summary>
/// A small flow network with integer capacities and costs, solved by successive shortest paths (SPFA). Edges are
/// stored in pairs so that <c>e ^ 1</c> is the reverse of <c>e</c>. Exploration follows insertion order, so the result
/// is a pure function of how the network was built: every node computes the same flow.
/// </summary>
internal sealed class FlowNetwork
{
    private readonly List<int> _head;
    private readonly List<int> _to = [];
    private readonly List<int> _next = [];
    private readonly List<int> _residual = [];
    private readonly List<long> _cost = [];

    public FlowNetwork(int vertexCount)
    {
        _head = [.. Enumerable.Repeat(-1, vertexCount)];
    }

    public int AddEdge(int from, int to, int capacity, long cost)
    {
        var e = _to.Count;
        Append(from, to, capacity, cost);
        Append(to, from, 0, -cost);
        return e;
    }

    public int Flow(int edge) => _residual[edge ^ 1];

    public int Residual(int edge) => _residual[edge];

    /// <summary>Pushes flow along one edge; the caller keeps conservation (used to seed a zero-cost start flow).</summary>
    public void Push(int edge, int amount)
    {
        _residual[edge] -= amount;
        _residual[edge ^ 1] += amount;
    }

    /// <summary>
    /// Adds flow from <paramref name="source"/> to <paramref name="sink"/> along cheapest augmenting paths until
    /// <paramref name="limit"/> units flow or no path remains (primal-dual: one shortest-path computation, then as
    /// many paths as fit along its tight edges). The flow stays of minimum cost for its value provided the starting
    /// flow was, e.g. when only zero-cost edges carry flow and no edge costs less than zero. Returns the added flow.
    /// </summary>
    public int Augment(int source, int sink, int limit)
    {
        var dist = new long[_head.Count];
        var added = 0;
        while (added < limit && ShortestDistances(source, sink, dist))
        {
            added += AugmentAlongTightEdges(source, sink, dist, limit - added);
        }

        return added;
    }

    /// <summary>Bellman-Ford with a queue (SPFA): residual edges may cost less than zero.</summary>
    private bool ShortestDistances(int source, int sink, long[] dist)
    {
        Array.Fill(dist, long.MaxValue);
        var inQueue = new bool[_head.Count];
        var queue = new Queue<int>();
        dist[source] = 0;
        queue.Enqueue(source);
        inQueue[source] = true;
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            inQueue[u] = false;
            for (var e = _head[u]; e >= 0; e = _next[e])
            {
                var v = _to[e];
                if (_residual[e] > 0 && dist[u] + _cost[e] < dist[v])
                {
                    dist[v] = dist[u] + _cost[e];
                    if (!inQueue[v])
                    {
                        queue.Enqueue(v);
                        inQueue[v] = true;
                    }
                }
            }
        }

        return dist[sink] != long.MaxValue;
    }

    /// <summary>
    /// Depth-first searches over the tight edges (dist[v] = dist[u] + cost): every path found costs dist[sink], so it
    /// is still a shortest path. A vertex that fails is skipped for the rest of the phase; if that skips a path the
    /// next phase finds it, and the first search of a phase is a plain graph search, so a phase always makes progress.
    /// </summary>
    private int AugmentAlongTightEdges(int source, int sink, long[] dist, int limit)
    {
        var n = _head.Count;
        var dead = new bool[n];
        var onPath = new bool[n];
        var arc = _head.ToArray();
        var path = new List<int>();
        var added = 0;
        while (added < limit)
        {
            var v = source;
            onPath[source] = true;
            while (v != sink)
            {
                var e = arc[v];
                while (e >= 0 && !IsTight(e, v, dist, dead, onPath))
                {
                    e = _next[e];
                }

                arc[v] = e;
                if (e >= 0)
                {
                    path.Add(e);
                    v = _to[e];
                    onPath[v] = true;
                    continue;
                }

                dead[v] = true;
                onPath[v] = false;
                if (v == source)
                {
                    return added;
                }

                var back = path[^1];
                path.RemoveAt(path.Count - 1);
                v = _to[back ^ 1];
                arc[v] = _next[back];
            }

            var amount = limit - added;
            foreach (var e in path)
            {
                amount = Math.Min(amount, _residual[e]);
            }

            foreach (var e in path)
            {
                Push(e, amount);
                onPath[_to[e]] = false;
            }

            onPath[source] = false;
            path.Clear();
            added += amount;
        }

        return added;
    }

    private bool IsTight(int e, int from, long[] dist, bool[] dead, bool[] onPath)
    {
        var to = _to[e];
        return _residual[e] > 0 && !dead[to] && !onPath[to] && dist[to] != long.MaxValue && dist[to] == dist[from] + _cost[e];
    }

    private void Append(int from, int to, int capacity, long cost)
    {
        _to.Add(to);
        _residual.Add(capacity);
        _cost.Add(cost);
        _next.Add(_head[from]);
        _head[from] = _to.Count - 1;
    }
}
