#ifndef PORTTUTOR_CNCURSES_SHIM_H
#define PORTTUTOR_CNCURSES_SHIM_H

/* Wide-character ncurses: these must come before the header. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <wchar.h>
#if defined(__APPLE__)
#include <curses.h>
#else
#include <ncursesw/curses.h>
#endif

/* Swift cannot import function-like macros or some globals; these wrap them. */
static inline int pt_lines(void) { return LINES; }
static inline int pt_cols(void) { return COLS; }
static inline WINDOW *pt_stdscr(void) { return stdscr; }
static inline int pt_colors(void) { return COLORS; }
static inline int pt_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t pt_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline attr_t pt_a_normal(void) { return A_NORMAL; }
static inline attr_t pt_a_bold(void) { return A_BOLD; }
static inline attr_t pt_a_reverse(void) { return A_REVERSE; }
static inline attr_t pt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pt_a_dim(void) { return A_DIM; }
static inline int pt_key_resize(void) { return KEY_RESIZE; }
static inline int pt_key_mouse(void) { return KEY_MOUSE; }
static inline int pt_key_code_yes(void) { return KEY_CODE_YES; }
static inline int pt_err(void) { return ERR; }
static inline mmask_t pt_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t pt_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t pt_button4_pressed(void) { return BUTTON4_PRESSED; }
#if defined(BUTTON5_PRESSED)
static inline mmask_t pt_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t pt_button5_pressed(void) { return 0; }
#endif

/* The key code ncurses gives an extended key named in terminfo (kNXT3 is Alt-PgDn), or -1. */
static inline int pt_key_code_named(const char *name) {
    char *sequence = tigetstr(name);
    if (sequence == NULL || sequence == (char *)-1) return -1;
    int code = key_defined(sequence);
    return code > 0 ? code : -1;
}

/* Whether ncurses can draw a screen on this terminal: its terminfo entry exists, and the
   terminal can put the cursor anywhere (TERM=dumb and hardcopy terminals cannot). */
#if defined(__APPLE__)
#include <term.h>
#else
#include <ncursesw/term.h>
#endif
enum { PT_TERMINAL_OK = 0, PT_TERMINAL_UNKNOWN = 1, PT_TERMINAL_CANNOT_ADDRESS = 2 };
static inline int pt_terminal_check(void) {
    int error = 0;
    if (setupterm(NULL, 1, &error) != OK) return error == 1 ? PT_TERMINAL_CANNOT_ADDRESS : PT_TERMINAL_UNKNOWN;
    char *cup = tigetstr("cup");
    int addressable = cup != NULL && cup != (char *)-1 && tigetflag("hc") <= 0 && tigetflag("gn") <= 0;
    del_curterm(cur_term);
    return addressable ? PT_TERMINAL_OK : PT_TERMINAL_CANNOT_ADDRESS;
}

/* Whether the terminal has a separate screen for full-screen programs (smcup), which
   takes the program's last frame away when it ends. */
static inline int pt_has_alternate_screen(void) {
    char *enter = tigetstr("smcup");
    return enter != NULL && enter != (char *)-1;
}

/* Blank cells (erase, clear) take this colour pair: a light theme paints its background. */
static inline void pt_background_pair(short pair) { wbkgdset(stdscr, (chtype)' ' | COLOR_PAIR(pair)); }

/* Opens the screen on the process's own terminal; NULL (not exit) when TERM is unknown. */
static inline SCREEN *pt_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

/* Writes one cell: a string of wide characters (a base and its combining marks) with attributes. */
static inline int pt_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, wch, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

#endif
