// Register indices and bits of the ns16550a UART, named as in the National Semiconductor
// PC16550D datasheet (and Linux's include/uapi/linux/serial_reg.h). A register's byte offset
// is its index shifted left by the board's reg-shift. The guest include file is generated
// from these tables.

/** Register indices (RBR/THR/DLL and IER/DLM share an index; LCR.DLAB selects). */
export const UART_REGISTERS = {
  RBR: 0,
  THR: 0,
  DLL: 0,
  IER: 1,
  DLM: 1,
  IIR: 2,
  FCR: 2,
  LCR: 3,
  MCR: 4,
  LSR: 5,
  MSR: 6,
  SCR: 7,
} as const;

/** Register bits. */
export const UART_BITS = {
  IER_ERBFI: 0x01,
  IER_ETBEI: 0x02,
  IER_ELSI: 0x04,
  IER_EDSSI: 0x08,
  IIR_NO_INT: 0x01,
  IIR_ID_MASK: 0x0f,
  IIR_MS: 0x00,
  IIR_THRE: 0x02,
  IIR_RDA: 0x04,
  IIR_RLS: 0x06,
  IIR_CTI: 0x0c,
  IIR_FIFO_ENABLED: 0xc0,
  FCR_FE: 0x01,
  FCR_RFR: 0x02,
  FCR_XFR: 0x04,
  FCR_DMA: 0x08,
  FCR_TRIGGER_MASK: 0xc0,
  FCR_TRIGGER_1: 0x00,
  FCR_TRIGGER_4: 0x40,
  FCR_TRIGGER_8: 0x80,
  FCR_TRIGGER_14: 0xc0,
  LCR_WLS_MASK: 0x03,
  LCR_WLS8: 0x03,
  LCR_STB: 0x04,
  LCR_PEN: 0x08,
  LCR_EPS: 0x10,
  LCR_SP: 0x20,
  LCR_BC: 0x40,
  LCR_DLAB: 0x80,
  MCR_DTR: 0x01,
  MCR_RTS: 0x02,
  MCR_OUT1: 0x04,
  MCR_OUT2: 0x08,
  MCR_LOOP: 0x10,
  LSR_DR: 0x01,
  LSR_OE: 0x02,
  LSR_PE: 0x04,
  LSR_FE: 0x08,
  LSR_BI: 0x10,
  LSR_THRE: 0x20,
  LSR_TEMT: 0x40,
  LSR_RXFE: 0x80,
  MSR_DCTS: 0x01,
  MSR_DDSR: 0x02,
  MSR_TERI: 0x04,
  MSR_DDCD: 0x08,
  MSR_CTS: 0x10,
  MSR_DSR: 0x20,
  MSR_RI: 0x40,
  MSR_DCD: 0x80,
} as const;

/** Depth of the receive and transmit FIFOs. */
export const UART_FIFO_DEPTH = 16;
