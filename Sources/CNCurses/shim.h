#ifndef KEFU_CNCURSES_SHIM_H
#define KEFU_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE; without these the wide-char API is hidden.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

extern int wcwidth(wchar_t);

// Macros and globals Swift cannot import (or rejects in Swift 6 mode), as functions.
static inline attr_t kefu_a_bold(void) { return A_BOLD; }
static inline attr_t kefu_a_reverse(void) { return A_REVERSE; }
static inline attr_t kefu_a_dim(void) { return A_DIM; }
static inline attr_t kefu_a_underline(void) { return A_UNDERLINE; }
static inline int kefu_key_f(int n) { return KEY_F(n); }
static inline int kefu_colors(void) { return COLORS; }
static inline WINDOW *stdscr_get(void) { return stdscr; }
static inline int kefu_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int kefu_getmaxx(WINDOW *w) { return getmaxx(w); }
#endif
