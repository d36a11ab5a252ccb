import asyncio
import ssl


async def ask_over_tls(port, authority_pem):
    context = ssl.create_default_context(cadata=authority_pem)  # PEM text: no file needed
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context, server_hostname="localhost")
    writer.write(b"over tls\n")
    answer = await reader.readline()
    subject = writer.get_extra_info("peercert")["subject"]
    writer.close()
    await writer.wait_closed()
    return answer, subject
