// EPUBCheck for several books in one Java virtual machine.
//
// Usage: java -cp epubcheck.jar EpubCheckBatch.java BOOK...
//
// Starting Java and loading EPUBCheck's schemas costs seconds; checking a small book once
// they are loaded costs a fraction of one. Each book is checked exactly as the command
// `epubcheck --quiet BOOK` checks it, with the same messages. For each book, in order, one
// record goes to standard output as soon as the book is checked: a line
// "INDEX STATUS OUT-BYTES ERR-BYTES" followed by what EPUBCheck wrote to its standard
// output and standard error, in the JVM's default encoding (as a separate run would write them).

import com.adobe.epubcheck.tool.EpubChecker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class EpubCheckBatch {
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        for (int i = 0; i < args.length; i++) {
            ByteArrayOutputStream bookOut = new ByteArrayOutputStream();
            ByteArrayOutputStream bookErr = new ByteArrayOutputStream();
            System.setOut(new PrintStream(bookOut, true));
            System.setErr(new PrintStream(bookErr, true));
            int status;
            try {
                status = new EpubChecker().run(new String[] {args[i], "--quiet"});
            } catch (Throwable failure) { // as an uncaught exception ends a separate run
                failure.printStackTrace();
                status = 1;
            } finally {
                System.out.flush();
                System.err.flush();
                System.setOut(out);
                System.setErr(err);
            }
            byte[] o = bookOut.toByteArray();
            byte[] e = bookErr.toByteArray();
            String head = i + " " + status + " " + o.length + " " + e.length + "\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(o);
            out.write(e);
            out.flush();
        }
    }
}
