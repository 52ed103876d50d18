namespace GarageOrleans.Primitives.Tests;

public sealed class KeyEncodingTests
{
    private static readonly string[] Pieces = ["", "a", "b", "\0", "\u007f", "\u00e9", "\uFFFF", "\U0001F600", "\U0010FFFF"];
    private static readonly byte[] BytePieces = [0x00, 0x01, 0x7F, 0xFE, 0xFF];
    private static readonly uint[] UInts = [0, 1, 255, 256, uint.MaxValue];

    [Fact]
    public void EncodedOrder_EqualsTupleOrder()
    {
        var random = new Random(7);
        var tuples = Enumerable.Range(0, 2000).Select(_ => GenTuple(random)).ToList();

        var byTuple = tuples.OrderBy(t => t, TupleComparer.Instance).ToList();
        var byBytes = tuples.OrderBy(Encode, ByteComparer.Instance).ToList();

        for (var i = 0; i < tuples.Count; i++)
        {
            Assert.True(TupleComparer.Instance.Compare(byTuple[i], byBytes[i]) == 0, $"order differs at {i}: {byTuple[i]} vs {byBytes[i]}");
        }
    }

    [Fact]
    public void EncodedKey_RoundTrips()
    {
        var random = new Random(11);
        for (var i = 0; i < 1000; i++)
        {
            var t = GenTuple(random);
            var reader = new KeyReader(Encode(t));

            Assert.Equal(t.S1, reader.ReadString());
            Assert.Equal(t.N, reader.ReadUInt32());
            Assert.Equal(t.B, reader.ReadBytes());
            Assert.Equal(t.S2, reader.ReadString());
            Assert.Equal(t.M, reader.ReadUInt64());
            Assert.Equal(t.H, reader.ReadHash32());
            Assert.True(reader.IsEnd);
        }
    }

    [Fact]
    public void ShorterString_SortsBeforeItsExtensions()
    {
        var a = KeyEncoding.EncodeString("a");
        var aNul = KeyEncoding.EncodeString("a\0");
        var ab = KeyEncoding.EncodeString("ab");

        Assert.True(ByteComparer.Instance.Compare(a, aNul) < 0);
        Assert.True(ByteComparer.Instance.Compare(aNul, ab) < 0);
        Assert.Equal(new byte[] { 0x61, 0x00, 0xFF, 0x00, 0x01 }, aNul);
    }

    [Fact]
    public void StringPrefixRange_CoversExactlyTheStringsWithThatPrefix()
    {
        // Heads have one width, as in real keys (a 32-byte hash), so none is a prefix of another.
        byte[][] heads = [[0x00, 0x00], [0x10, 0x00], [0x10, 0x01], [0x10, 0xFF], [0xFF, 0xFF]];
        string[] prefixes = ["", "a", "a\0", "\0", "\uFFFF", "\uFFFF\uFFFF", "\U0001F600", "\u00e9", "b\U0010FFFF"];
        var random = new Random(3);
        var strings = Enumerable.Range(0, 400).Select(_ => GenString(random)).Concat(prefixes).Distinct().ToList();
        var keys = new List<(byte[] Head, string S, byte[] Key)>();
        foreach (var head in heads)
        {
            foreach (var s in strings)
            {
                keys.Add((head, s, new KeyBuilder().AppendRaw(head).AppendString(s).AppendUInt64(9).ToArray()));
            }
        }

        foreach (var head in heads)
        {
            foreach (var prefix in prefixes)
            {
                var (start, end) = KeyEncoding.StringPrefixRange(head, prefix);
                foreach (var (h, s, key) in keys)
                {
                    var inRange = ByteComparer.Instance.Compare(key, start) >= 0 && (end is null || ByteComparer.Instance.Compare(key, end) < 0);
                    var expected = h.AsSpan().SequenceEqual(head) && s.StartsWith(prefix, StringComparison.Ordinal);
                    Assert.True(expected == inRange, $"head {Convert.ToHexString(head)} prefix {Escape(prefix)} key {Escape(s)} (head {Convert.ToHexString(h)}): expected {expected}");
                }
            }
        }
    }

    [Fact]
    public void StringPrefixRange_WithEmptyHead_SelectsByStringPrefix()
    {
        var (start, end) = KeyEncoding.StringPrefixRange([], "a");

        Assert.Equal(new byte[] { 0x61 }, start);
        Assert.Equal(new byte[] { 0x62 }, end);
        var (allStart, allEnd) = KeyEncoding.StringPrefixRange([], "");
        Assert.Empty(allStart);
        Assert.Null(allEnd);
    }

    [Fact]
    public void StringPrefixRange_WithAllFFHeadAndEmptyPrefix_IsUnbounded() =>
        Assert.Null(KeyEncoding.StringPrefixRange([0xFF, 0xFF], "").End);

    [Fact]
    public void AppendString_WithLoneSurrogate_Throws() =>
        Assert.Throws<ArgumentException>(() => new KeyBuilder().AppendString("a\uD800b"));

    [Theory]
    [InlineData(new byte[] { 0x61 })]
    [InlineData(new byte[] { 0x61, 0x00 })]
    [InlineData(new byte[] { 0x61, 0x00, 0x02 })]
    [InlineData(new byte[] { 0xC3, 0x00, 0x01 })]
    public void ReadString_OnMalformedKey_ThrowsFormatException(byte[] key) =>
        Assert.Throws<FormatException>(() => new KeyReader(key).ReadString());

    [Fact]
    public void ReadUInt64_OnTruncatedKey_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => new KeyReader([1, 2, 3]).ReadUInt64());

    [Fact]
    public void PrefixEnd_StripsTrailingFFAndIncrements()
    {
        Assert.Equal(new byte[] { 0x01, 0x03 }, KeyEncoding.PrefixEnd([0x01, 0x02, 0xFF, 0xFF]));
        Assert.Null(KeyEncoding.PrefixEnd([0xFF, 0xFF]));
        Assert.Null(KeyEncoding.PrefixEnd([]));
    }

    private static byte[] Encode(KeyTuple t) => new KeyBuilder()
        .AppendString(t.S1).AppendUInt32(t.N).AppendBytes(t.B).AppendString(t.S2).AppendUInt64(t.M).AppendHash32(t.H).ToArray();

    private static KeyTuple GenTuple(Random r) => new(
        GenString(r),
        UInts[r.Next(UInts.Length)],
        Enumerable.Range(0, r.Next(4)).Select(_ => BytePieces[r.Next(BytePieces.Length)]).ToArray(),
        GenString(r),
        r.Next(3) == 0 ? ulong.MaxValue : (ulong)r.Next(3) << (8 * r.Next(8)),
        new Hash32((ulong)r.Next(2) << 63, 0, 0, (ulong)r.Next(3)));

    private static string GenString(Random r) =>
        string.Concat(Enumerable.Range(0, r.Next(4)).Select(_ => Pieces[r.Next(Pieces.Length)]));

    private static string Escape(string s) => string.Concat(s.EnumerateRunes().Select(c => $"U+{c.Value:X4} "));

    private sealed record KeyTuple(string S1, uint N, byte[] B, string S2, ulong M, Hash32 H)
    {
        public override string ToString() => $"({Escape(S1)}, {N}, {Convert.ToHexString(B)}, {Escape(S2)}, {M}, {H.ToHex()})";
    }

    /// <summary>Tuple order with strings by code point, the order S3 lists keys in.</summary>
    private sealed class TupleComparer : IComparer<KeyTuple>
    {
        public static readonly TupleComparer Instance = new();

        public int Compare(KeyTuple? x, KeyTuple? y)
        {
            var c = CompareCodePoints(x!.S1, y!.S1);
            if (c == 0) c = x.N.CompareTo(y.N);
            if (c == 0) c = x.B.AsSpan().SequenceCompareTo(y.B);
            if (c == 0) c = CompareCodePoints(x.S2, y.S2);
            if (c == 0) c = x.M.CompareTo(y.M);
            return c != 0 ? c : x.H.CompareTo(y.H);
        }

        private static int CompareCodePoints(string a, string b)
        {
            using var ea = a.EnumerateRunes().GetEnumerator();
            using var eb = b.EnumerateRunes().GetEnumerator();
            while (true)
            {
                var hasA = ea.MoveNext();
                var hasB = eb.MoveNext();
                if (!hasA || !hasB)
                {
                    return hasA.CompareTo(hasB);
                }

                var c = ea.Current.Value.CompareTo(eb.Current.Value);
                if (c != 0)
                {
                    return c;
                }
            }
        }
    }

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
