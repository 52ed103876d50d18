namespace GarageOrleans.Cli;

/// <summary>The --help pages: one for the tool, one per command group, one per command.</summary>
internal static class HelpText
{
    private const string Global = """
        Global options (before or after the command):
          --admin URL    admin API of a node (default http://127.0.0.1:3903)
          --token T      admin token; else $GARAGEORLEANS_Admin__Token; else ./data/meta/admin-token,
                         the token a zero-config node started in this directory generated
          --json         print exactly one JSON document on stdout (messages go to stderr)
          -h, --help     this help; 'garage-orleans GROUP --help' for a group

        Exit codes: 0 success, 1 the call failed (or is not implemented yet), 2 bad command line.

        """;

    private const string Top = """
        garage-orleans: administer a GarageOrleans cluster through a node's admin API.

        Usage: garage-orleans [global options] COMMAND [arguments]

        Commands:
          status                                  nodes of the cluster, their zones, capacity and free space
          key create|list|info|delete|allow|deny|import
                                                  S3 access keys
          bucket create|list|info|delete|allow|deny
                                                  buckets and the keys allowed on them
          layout show|assign|remove|config|apply|revert|history
                                                  cluster layout: which node stores what

        """;

    private const string Key = """
        Usage: garage-orleans key SUBCOMMAND ...

        KEY is an access key id, a unique prefix of one, or a key name.

          key create NAME [--no-create-bucket]    new key; prints its id and secret (may create buckets unless
                                                  --no-create-bucket)
          key list                                every key
          key info KEY [--show-secret]            one key and its buckets; the secret only with --show-secret
          key delete KEY --yes                    delete the key and its permissions on every bucket
          key allow KEY --create-bucket           let the key create buckets
          key deny KEY --create-bucket            stop the key from creating buckets
          key import ID SECRET [--name NAME] [--no-create-bucket] --yes
                                                  add an existing key pair

        """;

    private const string Bucket = """
        Usage: garage-orleans bucket SUBCOMMAND ...

        NAME is a bucket name or its 64-hex id. KEY is an access key id, a unique prefix of one, or a key name.

          bucket create NAME                      new bucket, no key allowed yet
          bucket list                             every bucket
          bucket info NAME                        one bucket and its keys
          bucket delete NAME --yes                delete an empty bucket
          bucket allow NAME --key KEY [--read] [--write] [--owner]
                                                  grant the given permissions
          bucket deny NAME --key KEY [--read] [--write] [--owner]
                                                  revoke the given permissions
          bucket alias|unalias                    not implemented yet in this version

        """;

    private const string Layout = """
        Usage: garage-orleans layout SUBCOMMAND ...

        NODE is a node id or a unique prefix of one ('garage-orleans status' lists every node, including those not
        in the layout yet). assign, remove and config only stage changes; apply makes them the next version.

          layout show                             current version, roles and partitions, staged changes, and what
                                                  applying them gives (partition copies that move, or the error)
          layout assign NODE... -z ZONE (-c CAPACITY | -g)
                                                  give nodes a role: a zone and a capacity (bytes, or with a unit:
                                                  500G, 1.5T, 2T; binary multiples), or -g for a gateway (no data)
          layout remove NODE                      take a node out of the next version
          layout config [-r RF] [-z maximum|N]    replication factor (-r, --replication-factor) and zone redundancy
                                                  (-z, --zone-redundancy: spread copies over the most zones, or N)
          layout apply --version N                apply the staged changes as version N (the current + 1)
          layout revert                           drop every staged change
          layout history                          versions held, the one reads use, each node's trackers

        A single node started with no configuration applies its own layout; a cluster needs assign, config, apply.

        """;

    private const string Status = """
        Usage: garage-orleans status

        The nodes of the cluster: id, hostname, address, zone, capacity, free data space.

        """;

    public static string For(IReadOnlyList<string> words) => (words.Count > 0 ? words[0] : null) switch
    {
        "key" => Key,
        "bucket" => Bucket,
        "layout" => Layout,
        "status" => Status,
        _ => Top,
    } + "\n" + Global;
}
