/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot keygen / keyring, and the keys the other subcommands take.
 * Keys are EC P-256 PEM files, interchangeable with OpenSSL's. */
#include "keys.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmds.h"
#include "common.h"

void keys_id_hex(const uint8_t id[8], char out[17])
{
    for (size_t i = 0; i < 8; i++)
        sprintf(out + 2 * i, "%02x", id[i]);
}

int keys_add(ob_keyring *ring, const char *path)
{
    char why[200];
    if (ring->count >= OB_MAX_KEYS) {
        fail(EXIT_USAGE, "at most %d keys (%s is one too many)", OB_MAX_KEYS, path);
        return -1;
    }
    ob_hostkey *k = ob_hostkey_load(path, 0, why, sizeof why);
    if (!k) {
        fail(EXIT_IO, "%s", why);
        return -1;
    }
    ob_pubkey *pk = &ring->keys[ring->count];
    int rc = ob_hostkey_public(k, pk->pub);
    ob_hostkey_free(k);
    if (rc != OB_OK) {
        fail(EXIT_IO, "%s: cannot read its public key", path);
        return -1;
    }
    ob_key_id(pk->pub, pk->id);
    for (uint8_t i = 0; i < ring->count; i++)
        if (!memcmp(ring->keys[i].id, pk->id, 8)) {
            fail(EXIT_USAGE, "%s: the same key is given twice", path);
            return -1;
        }
    ring->count++;
    return 0;
}

static const char keygen_help[] =
    "usage: otaboot keygen -o KEY.pem [--pub PUB.pem] [--force]\n"
    "Makes a new EC P-256 (prime256v1) key pair for signing images. Writes the\n"
    "private key (PEM, mode 0600) to KEY.pem and prints the public key (PEM) and\n"
    "its key id. The files work with OpenSSL: `openssl ec -in KEY.pem -pubout`\n"
    "gives the same public key. Keep KEY.pem secret; boards get the public key.\n"
    "  -o, --output KEY.pem   private key file (refused if it exists, unless --force)\n"
    "      --pub PUB.pem      also write the public key there\n"
    "      --force            overwrite existing files\n"
    "  -h, --help             this text\n";

int cmd_keygen(int argc, char **argv)
{
    static const struct option opts[] = {
        { "output", required_argument, NULL, 'o' }, { "pub", required_argument, NULL, 'P' },
        { "force", no_argument, NULL, 'F' },        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *out = NULL, *pub = NULL;
    int force = 0, c;
    struct stat st;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'P': pub = optarg; break;
        case 'F': force = 1; break;
        case 'h': return print_help(keygen_help);
        case ':': return fail(EXIT_USAGE, "option %s needs a value (see --help)", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (out == NULL || optind != argc)
        return fail(EXIT_USAGE, "expects -o KEY.pem and nothing else (see --help)");
    if (!force && (stat(out, &st) == 0 || (pub && stat(pub, &st) == 0)))
        return fail(EXIT_USAGE, "%s exists: refusing to overwrite a key (use --force)",
                    stat(out, &st) == 0 ? out : pub);
    ob_hostkey *k = ob_hostkey_generate(NULL);
    if (!k)
        return fail(EXIT_INTERNAL, "key generation failed");
    int ret = EXIT_OK;
    uint8_t pk[OB_PUBKEY_LEN], id[8];
    char hexid[17];
    if (ob_hostkey_write_private(k, out) != OB_OK)
        ret = fail(EXIT_IO, "cannot write %s", out);
    else if (pub && ob_hostkey_write_public(k, pub) != OB_OK)
        ret = fail(EXIT_IO, "cannot write %s", pub);
    else if (ob_hostkey_public(k, pk) != OB_OK)
        ret = fail(EXIT_INTERNAL, "cannot export the public key");
    char pem[512];
    if (ret == EXIT_OK && ob_hostkey_public_pem(k, pem, sizeof pem) != OB_OK)
        ret = fail(EXIT_INTERNAL, "cannot export the public key");
    if (ret == EXIT_OK) {
        ob_key_id(pk, id);
        keys_id_hex(id, hexid);
        fputs(pem, stdout);
        printf("key id: %s (private key in %s)\n", hexid, out);
    }
    ob_hostkey_free(k);
    return ret;
}

static const char keyring_help[] =
    "usage: otaboot keyring [-o OUT.c] KEY.pem...\n"
    "Writes the C source of the keys a firmware accepts (`const ob_keyring\n"
    "ob_signing_keys`, core/sig.h) from up to 4 PEM keys (public or private:\n"
    "only the public half is used). The firmware build runs it for\n"
    "SIGNING_KEYS=\"a.pem b.pem\".\n"
    "  -o, --output OUT.c   output file (default: stdout)\n"
    "  -h, --help           this text\n";

int cmd_keyring(int argc, char **argv)
{
    static const struct option opts[] = {
        { "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
    };
    const char *out = NULL;
    ob_keyring ring;
    int c;
    memset(&ring, 0, sizeof ring);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'h': return print_help(keyring_help);
        case ':': return fail(EXIT_USAGE, "option %s needs a value (see --help)", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind == argc)
        return fail(EXIT_USAGE, "expects at least one KEY.pem (see --help)");
    for (int i = optind; i < argc; i++)
        if (keys_add(&ring, argv[i]) != 0)
            return EXIT_USAGE;
    char text[4096];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n,
                          "/* Generated by `otaboot keyring`: the public keys this firmware accepts. */\n"
                          "#include \"sig.h\"\n\nconst ob_keyring ob_signing_keys = {\n    %u,\n    {\n",
                          ring.count);
    for (uint8_t k = 0; k < ring.count; k++) {
        char hexid[17];
        keys_id_hex(ring.keys[k].id, hexid);
        n += (size_t)snprintf(text + n, sizeof text - n, "        { /* %s: %s */\n          {", hexid, argv[optind + k]);
        for (int i = 0; i < 8; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, "0x%02x%s", ring.keys[k].id[i], i < 7 ? ", " : "},\n          {");
        for (int i = 0; i < OB_PUBKEY_LEN; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, "0x%02x%s%s", ring.keys[k].pub[i],
                                  i < OB_PUBKEY_LEN - 1 ? "," : "", i == OB_PUBKEY_LEN - 1 ? "} },\n" : (i % 13 == 12 ? "\n           " : " "));
    }
    n += (size_t)snprintf(text + n, sizeof text - n, "    },\n};\n");
    if (out)
        return write_file(out, text, n) == 0 ? EXIT_OK : EXIT_IO;
    fputs(text, stdout);
    return EXIT_OK;
}
