/*
 * proxy/textio.c - the bridge that lets orm/ and drivers/ parse and print
 * values as PostgreSQL does without including wire/: the proxy owns both
 * sides, so it adapts wire_text_decode / wire_text_encode (wire_err) to the
 * og_text_io table of orm/value.h (og_error).
 */
#include "proxy/textio.h"

#include "orm/error.h"
#include "orm/value.h"
#include "wire/codec.h"

static bool decode(uint32_t oid, const char *s, size_t len, const char *timezone, og_arena *a, og_value *out,
                   og_error *err)
{
    wire_codec_ctx cx = {timezone ? timezone : "UTC"};
    wire_err werr;
    if (wire_text_decode(oid, s, len, &cx, a, out, &werr))
        return true;
    og_error_set(err, werr.code, "%s", werr.message);
    return false;
}

static void encode(const og_value *v, const char *timezone, og_buf *out)
{
    wire_codec_ctx cx = {timezone ? timezone : "UTC"};
    wire_text_encode(v, &cx, out);
}

static const og_text_io io = {decode, encode};

void px_textio_install(void) { og_text_io_install(&io); }
