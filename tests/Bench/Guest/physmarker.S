/*
 * physmarker: a small physical-mode program for kexec --load-jump-back --args-none
 * (bench helper, not part of the product). The old kernel's relocate_kernel calls it on its
 * identity-mapped page table with interrupts off and its return address on the stack
 * (arch/x86/kernel/relocate_kernel_64.S, "call *%rdx"). It
 *   - prints a line on COM1 by polling the 16550's line status register,
 *   - writes a marker into its own memory: `reversed` read backwards into `result`, so the
 *     forward string exists only once the program has run,
 *   - counts its calls in `calls`,
 * and returns with a plain ret. Linked at a fixed physical address (GuestHelpers).
 */
	.code64
	.text
	.globl	_start
_start:
	leaq	hello(%rip), %rsi
	call	putstr
	/* result[i] = reversed[len - 1 - i] */
	leaq	reversed(%rip), %rsi
	leaq	result(%rip), %rdi
	movq	$reversed_len, %rcx
1:	movb	-1(%rsi,%rcx), %al
	movb	%al, (%rdi)
	incq	%rdi
	decq	%rcx
	jnz	1b
	movb	$0, (%rdi)
	incq	calls(%rip)
	leaq	bye(%rip), %rsi
	call	putstr
	ret

/* putstr: write the NUL-terminated string at %rsi to COM1 (0x3f8). */
putstr:
	movzbl	(%rsi), %ecx
	testb	%cl, %cl
	jz	3f
	movw	$0x3fd, %dx
2:	inb	%dx, %al
	testb	$0x20, %al		/* THR empty */
	jz	2b
	movw	$0x3f8, %dx
	movb	%cl, %al
	outb	%al, %dx
	incq	%rsi
	jmp	putstr
3:	ret

	.data
hello:	.asciz	"\r\nphysmarker: running in physical mode\r\n"
bye:	.asciz	"physmarker: returning to the old kernel\r\n"
reversed:
	.ascii	"DLROW-EDOM-LACISYHP-REKRAMSYHP"
	.set	reversed_len, . - reversed
	.balign	8
calls:	.quad	0
result:	.space	64
