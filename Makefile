# Builds and installs kexec, makedumpfile and krestore as NativeAOT linux-x64 binaries, with
# their man pages and bash completion (made from each tool's --help), and the Debian package.
#
#   make                      publish the tools into build/, make the man pages and completions
#   make install              install them under $(DESTDIR)$(PREFIX) (default /usr/local)
#   make uninstall            remove what install installed
#   make deb                  build/kexec-jump-tools_VERSION_amd64.deb (packaging/debian/build-deb.sh)
#   make clean
#
# Needs the .NET 10 SDK (with the NativeAOT toolchain's clang/gcc and zlib headers, as the
# bench uses it); the binaries then need only libc and libm.

PREFIX ?= /usr/local
DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DOTNET ?= dotnet
BUILD ?= build
INSTALL ?= install

TOOLS := kexec makedumpfile krestore
project_kexec := Kexec
project_makedumpfile := MakeDumpFile
project_krestore := KRestore

VERSION := $(shell sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
# The man pages' date: the last commit's, so a rebuild of the same tree gives the same pages.
DATE := $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)
SOURCES := Directory.Build.props $(shell find src -name bin -prune -o -name obj -prune -o \
	\( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print)

BINARIES := $(TOOLS:%=$(BUILD)/bin/%)
MAN8 := $(TOOLS:%=$(BUILD)/man/%.8)
MAN5 := $(BUILD)/man/makedumpfile.conf.5
COMPLETIONS := $(TOOLS:%=$(BUILD)/completion/%)

.PHONY: all tools man completion install uninstall deb clean
.DELETE_ON_ERROR:

all: tools man completion
tools: $(BINARIES)
man: $(MAN8) $(MAN5)
completion: $(COMPLETIONS)

# One publish per tool: net10.0 for linux-x64 (the projects also target net472 for Mono).
$(BUILD)/bin/%: $(SOURCES)
	$(DOTNET) publish src/$(project_$*)/$(project_$*).csproj -c Release -f net10.0 -r linux-x64 \
		-p:PublishAot=true -o $(BUILD)/publish/$* -nologo -v q
	mkdir -p $(BUILD)/bin
	cp $(BUILD)/publish/$*/$* $@.tmp && mv $@.tmp $@

$(BUILD)/man/%.8: packaging/man/%.8.in $(BUILD)/bin/% packaging/manpage.sh packaging/help-options.awk
	mkdir -p $(BUILD)/man
	sh packaging/manpage.sh $< $(BUILD)/bin/$* $(VERSION) $(DATE) >$@

$(BUILD)/man/makedumpfile.conf.5: packaging/man/makedumpfile.conf.5.in packaging/manpage.sh
	mkdir -p $(BUILD)/man
	sh packaging/manpage.sh $< $(BUILD)/bin/makedumpfile $(VERSION) $(DATE) >$@

$(BUILD)/completion/%: $(BUILD)/bin/% packaging/completion.sh packaging/help-options.awk
	mkdir -p $(BUILD)/completion
	sh packaging/completion.sh $* $(BUILD)/bin/$* >$@

install: all
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 0755 $(BINARIES) $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	for t in $(TOOLS); do $(INSTALL) -m 0644 $(BUILD)/completion/$$t $(DESTDIR)$(BASHCOMPDIR)/$$t || exit 1; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(SBINDIR)/$$t $(DESTDIR)$(MANDIR)/man8/$$t.8 $(DESTDIR)$(BASHCOMPDIR)/$$t; done
	rm -f $(DESTDIR)$(MANDIR)/man5/makedumpfile.conf.5

deb: all
	sh packaging/debian/build-deb.sh $(BUILD) $(VERSION)

clean:
	rm -rf $(BUILD)
