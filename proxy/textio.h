/*
 * proxy/textio.h - installs wire/'s text codecs as the text I/O of orm/value.h.
 */
#ifndef PX_TEXTIO_H
#define PX_TEXTIO_H

/* Install once at start-up (idempotent); unit tests call it too. */
void px_textio_install(void);

#endif
