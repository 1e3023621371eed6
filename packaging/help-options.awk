# Reads a tool's --help and prints what the man page and the bash completion need from it, so
# neither copies the option list by hand (the tool's option table is the one source of --help).
#
#   awk -v mode=roff -f help-options.awk   the OPTIONS section's body (roff: .SS, .TP, .nf)
#   awk -v mode=words -f help-options.awk  one line per option: WORD TAKES-ARGUMENT(0/1)
#
# An option line is indented and starts with "-" ("  -d, --debug     text", "      --entry=ADDR
# text"); the spelling ends at the first run of two spaces. More-indented lines after it continue
# its text, except table rows (with "|" or column gaps), which stay preformatted. A line
# "Heading:" at column 0 starts a section. Everything else after the first option (tables,
# notes) is kept as preformatted text.

function roff_escape(s) {
    gsub(/\\/, "\\e", s)
    gsub(/-/, "\\-", s)
    if (s ~ /^[.']/) s = "\\&" s
    return s
}

function flush_text() {
    if (text != "") { print roff_escape(text); text = "" }
}

function close_verbatim() {
    if (verbatim) { print ".fi"; verbatim = 0 }
}

# Splits an option line into spelling and help.
# help_col is the column the help text starts at (where its continuation lines are indented to).
function split_option(line,    body, at, lead) {
    match(line, /^[ \t]*/); lead = RLENGTH
    body = substr(line, lead + 1)
    at = match(body, /  +/)
    if (at == 0) { spelling = body; help = ""; help_col = 0 }
    else { spelling = substr(body, 1, at - 1); help = substr(body, at + RLENGTH); help_col = lead + at - 1 + RLENGTH }
}

# Prints each spelling of the option with whether it takes an argument.
function print_words(spelling,    n, parts, i, w, arg) {
    # An optional argument ("[=ADDR]") is only ever attached, so the next word is not its.
    if (spelling ~ /\[=/) arg = 0
    else arg = (spelling ~ /[= ][A-Za-z<]/ || spelling ~ /<[^>]+>/) ? 1 : 0
    n = split(spelling, parts, /[, ]+/)
    for (i = 1; i <= n; i++) {
        w = parts[i]
        sub(/[=\[<].*$/, "", w)
        if (w ~ /^--?[A-Za-z0-9][A-Za-z0-9_-]*$/) print w, arg
    }
}

BEGIN { started = 0; in_option = 0; verbatim = 0; text = ""; pending_heading = "" }

{
    line = $0
    sub(/\r$/, "", line)
    is_option = (line ~ /^[ \t]+--?[A-Za-z0-9?]/)
    is_heading = (line ~ /^[A-Za-z][^ ].*:$/ || line ~ /^[A-Za-z][A-Za-z ()\/,.0-9_-]*:$/)
    if (!started) {
        if (is_heading) { pending_heading = line; next }
        if (line ~ /^[ \t]*$/) { next }
        if (!is_option) { pending_heading = ""; next }
        started = 1
        if (mode == "roff" && pending_heading != "" && pending_heading !~ /^(Available )?[Oo]ptions:$/) {
            h = pending_heading; sub(/:$/, "", h); print ".SS " roff_escape(h)
        }
    }
    if (is_option) {
        split_option(line)
        if (mode == "words") { print_words(spelling); in_option = 1; next }
        close_verbatim(); flush_text()
        print ".TP"
        print ".B " roff_escape(spelling)
        text = help
        in_option = 1
        next
    }
    if (line ~ /^[ \t]*$/) {
        in_option = 0
        if (mode == "roff") { flush_text(); if (verbatim) print "" }
        next
    }
    if (mode == "words") next
    if (is_heading) {
        close_verbatim(); flush_text(); in_option = 0
        h = line; sub(/:$/, "", h)
        if (h !~ /^(Available )?[Oo]ptions$/) print ".SS " roff_escape(h)
        next
    }
    if (in_option && line ~ /^[ \t][ \t][ \t][ \t]/) {
        t = line; sub(/^[ \t]+/, "", t)
        # A table inside an option's text (makedumpfile's dump levels) keeps its columns.
        if (t ~ /\|/ || t ~ /[^ ]   +[^ ]/) {
            flush_text()
            if (!verbatim) { print ".nf"; verbatim = 1 }
            match(line, /^ */)
            print roff_escape(substr(line, (RLENGTH < help_col ? RLENGTH : help_col) + 1))
            next
        }
        close_verbatim()
        text = (text == "") ? t : text " " t
        next
    }
    flush_text(); in_option = 0
    if (!verbatim) { print ".nf"; verbatim = 1 }
    print roff_escape(line)
}

END {
    if (mode == "roff") { flush_text(); close_verbatim() }
}
