// EPUBCheck or the Nu HTML Checker for many requests in one Java process.
//
// Usage: java -cp TOOL_JAR:DIR ToolServer epubcheck|nu
// Reads one request a line on standard input, "OUT<TAB>ERR<TAB>ARG<TAB>ARG...", runs the tool
// with those command-line arguments, its standard output going to the file OUT and its
// standard error to the file ERR, and answers on standard output with one line:
// "ok<TAB>STATUS", "exit" (the tool ended the process itself, after writing its output) or
// "error<TAB>MESSAGE". Ends when standard input closes. The tool's code is reached through
// reflection, so this file compiles without either jar.

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public final class ToolServer {
    private static final PrintStream ANSWERS =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    private static volatile PrintStream[] running = null;

    private ToolServer() {
    }

    public static void main(String[] args) throws Exception {
        Method entry = entry(args[0]);
        // The Nu checker calls System.exit when a page has errors, after writing its report:
        // the request in progress is then answered before the process ends.
        Runtime.getRuntime().addShutdownHook(new Thread(ToolServer::exiting));
        BufferedReader requests =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            String[] fields = line.split("\t", -1);
            if (fields.length < 3) {
                ANSWERS.println("error\tunreadable request: " + line);
                continue;
            }
            ANSWERS.println(serve(entry, fields));
        }
    }

    private static Method entry(String tool) throws ReflectiveOperationException {
        switch (tool) {
            case "epubcheck":
                return Class.forName("com.adobe.epubcheck.tool.EpubChecker")
                    .getMethod("run", String[].class);
            case "nu":
                return Class.forName("nu.validator.client.SimpleCommandLineValidator")
                    .getMethod("main", String[].class);
            default:
                throw new IllegalArgumentException("unknown tool: " + tool);
        }
    }

    private static String serve(Method entry, String[] fields) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (PrintStream toolOut = open(fields[0]); PrintStream toolErr = open(fields[1])) {
            running = new PrintStream[] {toolOut, toolErr};
            System.setOut(toolOut);
            System.setErr(toolErr);
            String[] toolArgs = Arrays.copyOfRange(fields, 2, fields.length);
            Object target = entry.getDeclaringClass().getSimpleName().equals("EpubChecker")
                ? entry.getDeclaringClass().getConstructor().newInstance() : null;
            Object status = entry.invoke(target, (Object) toolArgs);
            return "ok\t" + (status instanceof Integer ? status : 0);
        } catch (InvocationTargetException e) {
            return "error\t" + oneLine(e.getCause());
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return "error\t" + oneLine(e);
        } finally {
            running = null;
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static PrintStream open(String path) throws IOException {
        return new PrintStream(new FileOutputStream(path), true, StandardCharsets.UTF_8);
    }

    private static void exiting() {
        PrintStream[] streams = running;
        if (streams != null) {
            for (PrintStream stream : streams) {
                stream.flush();
            }
            ANSWERS.println("exit");
        }
    }

    private static String oneLine(Throwable problem) {
        String text = String.valueOf(problem);
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
